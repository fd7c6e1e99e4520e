using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An environment a policy acts in, as pure functions: <see cref="Reset"/> draws a start, <see cref="Step"/>
/// maps (state, action) to (state′, reward, done). The rng is passed in and returned advanced (the experiment's
/// <c>env</c> stream), so every random start and every random reward is reproducible.</summary>
public abstract record AgentEnvironment
{
    /// <summary>A k-armed bandit: one pull per episode.</summary>
    public sealed record MultiArmedBandit(ImmutableArray<Arm> Arms) : AgentEnvironment;

    /// <summary>Cart-pole; an episode also ends (truncated, not failed) after <paramref name="MaxSteps"/> steps.</summary>
    public sealed record CartPoleBalance(int MaxSteps) : AgentEnvironment;

    /// <summary>Length of the observation the policy sees (the network's inputs): 1 for a bandit, 4 for cart-pole.</summary>
    public static int ObservationSize(AgentEnvironment env) => env switch
    {
        MultiArmedBandit => 1,
        CartPoleBalance => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(env)),
    };

    /// <summary>Number of actions (the network's output units): the arms, or 2 (push left, push right).</summary>
    public static int Actions(AgentEnvironment env) => env switch
    {
        MultiArmedBandit b => b.Arms.Length,
        CartPoleBalance => CartPole.Actions,
        _ => throw new ArgumentOutOfRangeException(nameof(env)),
    };

    /// <summary>A start state. Bandit: nothing drawn. Cart-pole: four uniform draws.</summary>
    public static (EnvState State, RngState Next) Reset(AgentEnvironment env, RngState rng)
    {
        switch (env)
        {
            case MultiArmedBandit:
                return (new EnvState(Bandit.Observation, 0, default), rng);
            case CartPoleBalance:
                var (pole, next) = CartPole.Reset(rng);
                return (new EnvState(pole.Observation, 0, pole), next);
            default:
                throw new ArgumentOutOfRangeException(nameof(env));
        }
    }

    /// <summary>One step: the next state, the reward and whether the episode is over.</summary>
    public static (Transition Transition, RngState Next) Step(AgentEnvironment env, EnvState s, int action, RngState rng)
    {
        switch (env)
        {
            case MultiArmedBandit b:
            {
                var (reward, next) = Bandit.Pull(b.Arms, action, rng);
                return (new Transition(s with { Steps = s.Steps + 1 }, reward, true), next);
            }
            case CartPoleBalance c:
            {
                var (pole, reward, failed) = CartPole.Step(s.Pole, action);
                var steps = s.Steps + 1;
                return (new Transition(new EnvState(pole.Observation, steps, pole), reward, failed || steps >= c.MaxSteps), rng);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(env));
        }
    }
}

/// <summary>Where an episode is: what the policy observes, how many steps were taken, and (cart-pole) the physical state.</summary>
public sealed record EnvState(ImmutableArray<double> Observation, int Steps, CartPoleState Pole);

/// <summary>The result of one step: the next state, the reward received and whether the episode ended.</summary>
public readonly record struct Transition(EnvState Next, double Reward, bool Done);
