using System.Collections.Immutable;

namespace NeuralFunctional.Core;

// The optimizers with memory: momentum, Nesterov and Adam, each one loop over the flat parameter list.
public abstract partial record Optimizer
{
    /// <summary>Momentum (or Nesterov): v ← β·v + g; p ← p − lr·v (Nesterov: p ← p − lr·(g + β·v)).</summary>
    private static (Network, OptimizerState) HeavyBall(double lr, double beta, bool nesterov, OptimizerState state, Network net, Gradient gradient)
    {
        var p = Network.Parameters(net);
        var g = Gradient.Flatten(gradient);
        Expect(state, 1, p.Length);
        var v = state.Moments[0];
        var newP = new double[p.Length];
        var newV = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var vi = beta * v[i] + g[i];
            newV[i] = vi;
            newP[i] = nesterov ? p[i] - lr * (g[i] + beta * vi) : p[i] - lr * vi;
        }
        return (Network.WithParameters(net, newP), new OptimizerState(state.Step + 1, [Layer.Freeze(newV)]));
    }

    /// <summary>Adam at step t = state.Step + 1; see <see cref="Adam"/> for the formula and its order.</summary>
    private static (Network, OptimizerState) AdamStep(Adam a, OptimizerState state, Network net, Gradient gradient)
    {
        var p = Network.Parameters(net);
        var g = Gradient.Flatten(gradient);
        Expect(state, 2, p.Length);
        var t = state.Step + 1;
        var oneMinusBeta1 = 1.0 - a.Beta1;
        var oneMinusBeta2 = 1.0 - a.Beta2;
        var correction1 = 1.0 - Schedule.Power(a.Beta1, t);
        var correction2 = 1.0 - Schedule.Power(a.Beta2, t);
        var (m, v) = (state.Moments[0], state.Moments[1]);
        var newP = new double[p.Length];
        var newM = new double[p.Length];
        var newV = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var mi = a.Beta1 * m[i] + oneMinusBeta1 * g[i];
            var vi = a.Beta2 * v[i] + oneMinusBeta2 * (g[i] * g[i]);
            var mHat = mi / correction1;
            var vHat = vi / correction2;
            newM[i] = mi;
            newV[i] = vi;
            newP[i] = p[i] - a.LearningRate * mHat / (Math.Sqrt(vHat) + a.Epsilon);
        }
        return (Network.WithParameters(net, newP), new OptimizerState(t, [Layer.Freeze(newM), Layer.Freeze(newV)]));
    }
}
