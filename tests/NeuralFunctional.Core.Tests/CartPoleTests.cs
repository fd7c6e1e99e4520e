namespace NeuralFunctional.Core.Tests;

/// <summary>The cart-pole's known answers: one step from known states against values computed by hand and by an
/// independent implementation of the same equations (Python's math library), the failure conditions, the start
/// distribution and the episode cap.</summary>
public class CartPoleTests
{
    [Fact]
    public void Step_FromRestPushingRight_MatchesHandComputedValues()
    {
        // sin 0 = 0, cos 0 = 1: temp = F/M = 100/11; θ̈ = −temp / (l (4/3 − m_p/M)) = −(100/11)/(41/66) = −600/41;
        // ẍ = temp − m_p l θ̈ / M = 100/11 + 300/451 = 4400/451. After τ = 0.02: ẋ = 88/451, θ̇ = −12/41, x = θ = 0.
        var (s, reward, done) = CartPole.Step(new CartPoleState(0, 0, 0, 0), action: 1);
        Assert.Equal(0.0, s.X);
        Assert.Equal(0.0, s.Theta);
        Assert.Equal(88.0 / 451.0, s.XDot, 15);
        Assert.Equal(-12.0 / 41.0, s.ThetaDot, 15);
        Assert.Equal(1.0, reward);
        Assert.False(done);
    }

    [Fact]
    public void Step_FromRestPushingLeft_IsTheMirrorImage()
    {
        var (right, _, _) = CartPole.Step(new CartPoleState(0, 0, 0, 0), 1);
        var (left, _, _) = CartPole.Step(new CartPoleState(0, 0, 0, 0), 0);
        Assert.Equal(-right.XDot, left.XDot);
        Assert.Equal(-right.ThetaDot, left.ThetaDot);
    }

    [Fact]
    public void Step_FromTiltedMovingState_MatchesIndependentImplementation()
    {
        // Python: the same equations with math.sin/math.cos from (0.1, −0.2, 0.05, 0.3), action 0.
        var (s, _, done) = CartPole.Step(new CartPoleState(0.1, -0.2, 0.05, 0.3), action: 0);
        Assert.Equal(0.1 + 0.02 * -0.2, s.X);
        Assert.Equal(0.05 + 0.02 * 0.3, s.Theta);
        Assert.Equal(-0.3957976546439626, s.XDot, 14);
        Assert.Equal(0.6080233136061515, s.ThetaDot, 14);
        Assert.False(done);
    }

    [Theory]
    [InlineData(0.0, 0.2094395102393195 + 1e-9, true)]
    [InlineData(0.0, -0.2094395102393195 - 1e-9, true)]
    [InlineData(0.0, 0.2094, false)]
    [InlineData(2.4000001, 0.0, true)]
    [InlineData(-2.4000001, 0.0, true)]
    [InlineData(2.4, 0.0, false)]
    [InlineData(-2.39, -0.2, false)]
    public void Failed_AtTheLimits_FailsOnlyBeyond12DegreesOr2Point4Metres(double x, double theta, bool failed)
    {
        Assert.Equal(0.20943951023931953, CartPole.ThetaLimit);
        Assert.Equal(failed, CartPole.Failed(new CartPoleState(x, 0, theta, 0)));
    }

    [Fact]
    public void Step_IntoFailure_IsDoneAndStillRewarded()
    {
        // Leaning just inside the limit and falling further: the step that crosses 12° ends the episode.
        var (s, reward, done) = CartPole.Step(new CartPoleState(0, 0, 0.2094, 1.0), action: 0);
        Assert.True(s.Theta > CartPole.ThetaLimit);
        Assert.True(done);
        Assert.Equal(1.0, reward);
    }

    [Fact]
    public void Reset_DrawsEachVariableInItsRange_AndIsReproducible()
    {
        var rng = Rng.Stream(5, "env");
        for (var i = 0; i < 1000; i++)
        {
            var (s, next) = CartPole.Reset(rng);
            foreach (var v in new[] { s.X, s.XDot, s.Theta, s.ThetaDot }) Assert.InRange(v, -0.05, 0.05 - 1e-17);
            Assert.Equal(s, CartPole.Reset(rng).State);
            rng = next;
        }
    }

    [Fact]
    public void Episode_BalancedLongEnough_IsTruncatedAtMaxSteps()
    {
        var env = new AgentEnvironment.CartPoleBalance(MaxSteps: 6);
        var (state, rng) = AgentEnvironment.Reset(env, Rng.Stream(1, "env"));
        var steps = 0;
        while (true)
        {
            // Alternate pushes: the pole cannot fall within 6 steps from a near-upright start.
            var (t, next) = AgentEnvironment.Step(env, state, steps % 2, rng);
            (state, rng, steps) = (t.Next, next, steps + 1);
            Assert.False(CartPole.Failed(state.Pole));
            if (t.Done) break;
        }
        Assert.Equal(6, steps);
        Assert.Equal(state.Pole.Observation.ToArray(), state.Observation.ToArray());
    }

    [Fact]
    public void Episode_AlwaysPushingRight_FailsBeforeTheCap()
    {
        var env = new AgentEnvironment.CartPoleBalance(MaxSteps: 500);
        var (state, rng) = AgentEnvironment.Reset(env, Rng.Stream(1, "env"));
        var steps = 0;
        Transition t;
        do
        {
            (t, rng) = AgentEnvironment.Step(env, state, 1, rng);
            (state, steps) = (t.Next, steps + 1);
        } while (!t.Done);
        Assert.True(CartPole.Failed(state.Pole));
        Assert.InRange(steps, 5, 30);
    }
}
