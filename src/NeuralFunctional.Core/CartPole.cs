using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>The cart-pole's state: cart position x (m), velocity ẋ (m/s), pole angle θ from upright (rad, positive
/// leaning right) and angular velocity θ̇ (rad/s).</summary>
public readonly record struct CartPoleState(double X, double XDot, double Theta, double ThetaDot)
{
    /// <summary>The observation a policy sees: [x, ẋ, θ, θ̇] (<see cref="CopyTo"/>).</summary>
    public ImmutableArray<double> Observation
    {
        get
        {
            var o = new double[4];
            CopyTo(o);
            return Layer.Freeze(o);
        }
    }

    /// <summary>Writes the observation [x, ẋ, θ, θ̇] to the first four places of <paramref name="observation"/>.</summary>
    public void CopyTo(Span<double> observation)
    {
        observation[3] = ThetaDot;
        (observation[0], observation[1], observation[2]) = (X, XDot, Theta);
    }
}

/// <summary>The cart-pole balance task of Barto, Sutton and Anderson (1983), in the standard formulation (OpenAI Gym's
/// CartPole): a pole hinged on a cart, the cart pushed left or right with a fixed force each step. Pure: a step is a
/// function of the state and the action only; randomness enters only through <see cref="Reset"/>.</summary>
public static class CartPole
{
    public const double Gravity = 9.8;
    public const double CartMass = 1.0;
    public const double PoleMass = 0.1;
    public const double TotalMass = CartMass + PoleMass;
    /// <summary>Half the pole's length (m): the distance from the hinge to the pole's centre of mass.</summary>
    public const double HalfLength = 0.5;
    public const double PoleMassLength = PoleMass * HalfLength;
    public const double ForceMagnitude = 10.0;
    /// <summary>Seconds between state updates (explicit Euler integration).</summary>
    public const double Tau = 0.02;
    /// <summary>Failure when |θ| exceeds 12° (in radians: 12 · 2π / 360).</summary>
    public const double ThetaLimit = 12 * 2 * Math.PI / 360;
    /// <summary>Failure when the cart leaves the track: |x| &gt; 2.4 m.</summary>
    public const double XLimit = 2.4;
    /// <summary>Each of the four initial state variables is drawn uniformly from [−0.05, 0.05).</summary>
    public const double InitialSpread = 0.05;
    /// <summary>Action 0 pushes the cart left (−10 N), action 1 right (+10 N).</summary>
    public const int Actions = 2;

    /// <summary>A start state: x, ẋ, θ, θ̇ each uniform in [−0.05, 0.05), drawn in that order from <paramref name="rng"/>.</summary>
    public static (CartPoleState State, RngState Next) Reset(RngState rng)
    {
        Span<double> v = stackalloc double[4];
        for (var i = 0; i < 4; i++) (v[i], rng) = Rng.Uniform(rng, -InitialSpread, InitialSpread);
        return (new CartPoleState(v[0], v[1], v[2], v[3]), rng);
    }

    /// <summary>One step of 0.02 s under force F = ±10 N, explicit Euler:
    /// temp = (F + m_p l θ̇² sin θ) / M; θ̈ = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos²θ / M));
    /// ẍ = temp − m_p l θ̈ cos θ / M; then x += τ ẋ, ẋ += τ ẍ, θ += τ θ̇, θ̇ += τ θ̈ (each with the old values).
    /// The reward is 1 for every step, the failing one included; done when |x| &gt; 2.4 or |θ| &gt; 12°.</summary>
    public static (CartPoleState State, double Reward, bool Done) Step(CartPoleState s, int action)
    {
        if (action is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(action), "Cart-pole actions are 0 (left) and 1 (right).");
        var force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        var cos = DetMath.Cos(s.Theta);
        var sin = DetMath.Sin(s.Theta);
        var temp = (force + PoleMassLength * s.ThetaDot * s.ThetaDot * sin) / TotalMass;
        var thetaAcc = (Gravity * sin - cos * temp) / (HalfLength * (4.0 / 3.0 - PoleMass * cos * cos / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        var next = new CartPoleState(
            s.X + Tau * s.XDot,
            s.XDot + Tau * xAcc,
            s.Theta + Tau * s.ThetaDot,
            s.ThetaDot + Tau * thetaAcc);
        return (next, 1.0, Failed(next));
    }

    /// <summary>True when the cart is off the track (|x| &gt; 2.4) or the pole has fallen (|θ| &gt; 12°).</summary>
    public static bool Failed(CartPoleState s) =>
        s.X < -XLimit || s.X > XLimit || s.Theta < -ThetaLimit || s.Theta > ThetaLimit;
}
