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
        var (place, next) = Start(env, rng);
        return (StateAt(env, place), next);
    }

    /// <summary>One step: the next state, the reward and whether the episode is over.</summary>
    public static (Transition Transition, RngState Next) Step(AgentEnvironment env, EnvState s, int action, RngState rng)
    {
        var (place, reward, done, next) = Advance(env, new Place(s.Steps, s.Pole), action, rng);
        return (new Transition(StateAt(env, place), reward, done), next);
    }

    /// <summary>Where an episode is, as a plain value (nothing allocated): the steps taken and (cart-pole) the physical
    /// state. <see cref="Reset"/> and <see cref="Step"/> are <see cref="Start"/> and <see cref="Advance"/> on it, with
    /// the observation made an immutable value; the batched engine of REINFORCE plays on it directly.</summary>
    internal readonly record struct Place(int Steps, CartPoleState Pole);

    /// <summary>The start of <see cref="Reset"/>, as a <see cref="Place"/>.</summary>
    internal static (Place Place, RngState Next) Start(AgentEnvironment env, RngState rng)
    {
        switch (env)
        {
            case MultiArmedBandit:
                return (new Place(0, default), rng);
            case CartPoleBalance:
                var (pole, next) = CartPole.Reset(rng);
                return (new Place(0, pole), next);
            default:
                throw new ArgumentOutOfRangeException(nameof(env));
        }
    }

    /// <summary>The step of <see cref="Step"/>, on a <see cref="Place"/>: the next place, the reward and whether the
    /// episode is over. Bandit: one pull, always the last step. Cart-pole: <see cref="CartPole.Step"/>, over when it
    /// fails or after <see cref="CartPoleBalance.MaxSteps"/> steps.</summary>
    internal static (Place Place, double Reward, bool Done, RngState Next) Advance(AgentEnvironment env, Place p, int action, RngState rng)
    {
        switch (env)
        {
            case MultiArmedBandit b:
            {
                var (reward, next) = Bandit.Pull(b.Arms, action, rng);
                return (p with { Steps = p.Steps + 1 }, reward, true, next);
            }
            case CartPoleBalance c:
            {
                var (pole, reward, failed) = CartPole.Step(p.Pole, action);
                var steps = p.Steps + 1;
                return (new Place(steps, pole), reward, failed || steps >= c.MaxSteps, rng);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(env));
        }
    }

    /// <summary>What the policy observes at <paramref name="p"/>, written to <paramref name="observation"/>
    /// (<see cref="ObservationSize"/> values): the bandit's constant [1], or the cart-pole's [x, ẋ, θ, θ̇].</summary>
    internal static void Observe(AgentEnvironment env, Place p, Span<double> observation)
    {
        if (env is MultiArmedBandit) Bandit.Observation.AsSpan().CopyTo(observation);
        else p.Pole.CopyTo(observation);
    }

    /// <summary>The most steps an episode can take: 1 for a bandit, the cap for cart-pole.</summary>
    internal static int MostSteps(AgentEnvironment env) => env switch
    {
        MultiArmedBandit => 1,
        CartPoleBalance c => c.MaxSteps,
        _ => throw new ArgumentOutOfRangeException(nameof(env)),
    };

    /// <summary>The place as an immutable <see cref="EnvState"/>, its observation a fresh value (the bandit's shared constant).</summary>
    private static EnvState StateAt(AgentEnvironment env, Place p) =>
        new(env is MultiArmedBandit ? Bandit.Observation : p.Pole.Observation, p.Steps, p.Pole);
}

/// <summary>Where an episode is: what the policy observes, how many steps were taken, and (cart-pole) the physical state.</summary>
public sealed record EnvState(ImmutableArray<double> Observation, int Steps, CartPoleState Pole);

/// <summary>The result of one step: the next state, the reward received and whether the episode ended.</summary>
public readonly record struct Transition(EnvState Next, double Reward, bool Done);
