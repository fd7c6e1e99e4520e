#!/usr/bin/env python3
"""Peer for the RL-cartpole row of `nf bench`: numpy doing REINFORCE on cart-pole as experiments/cartpole.json does.

The same algorithm, network and settings, its own random numbers (numpy's generator, not nf's: the episodes differ,
their kind does not):
  - cart-pole as src/NeuralFunctional.Core/CartPole.cs (Gym's CartPole-v0 physics): g 9.8, cart 1.0 kg, pole 0.1 kg,
    half length 0.5 m, force +-10 N, tau 0.02 s explicit Euler, failure at |x| > 2.4 or |theta| > 12 degrees, reward 1
    every step (the failing one included), start state uniform in [-0.05, 0.05) four times, episodes capped at 200 steps;
  - the policy 4-8-2: tanh hidden layer, softmax output, Xavier-uniform weights (U[-l, l), l = sqrt(6/(fan_in+fan_out))),
    zero biases; the action drawn with one uniform u: the first action whose cumulative probability exceeds u;
  - REINFORCE: play an episode (one forward pass per step), returns-to-go G_t = r_t + 0.95 G_{t+1}, advantages
    A_t = G_t - b with b the running mean of every G_t of all earlier episodes (0 before the first), the gradient of
    -sum_t A_t log pi(a_t|s_t) (output delta A_t (pi - e_a), backpropagated over the episode's steps as one batch,
    summed over the steps, no mean), one SGD step lr 0.001 per episode; then the baseline takes the episode's returns;
  - 3000 episodes, all played (no goal stop, as nf bench's row).

Usage: /usr/bin/python3 bench/peers/cartpole_reinforce.py [--episodes 3000] [--seed 1]
Prints one JSON line: the training loop's seconds (perf_counter around the episodes only; start-up, import numpy and
the initialization not included), episodes, steps, episodes/s, steps/s and the mean return of the last 100 episodes.
"""
import argparse
import json
import math
import time

import numpy as np

GRAVITY = 9.8
CART_MASS = 1.0
POLE_MASS = 0.1
TOTAL_MASS = CART_MASS + POLE_MASS
HALF_LENGTH = 0.5
POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH
FORCE = 10.0
TAU = 0.02
THETA_LIMIT = 12 * 2 * math.pi / 360
X_LIMIT = 2.4
SPREAD = 0.05
MAX_STEPS = 200

INPUTS, HIDDEN, ACTIONS = 4, 8, 2
GAMMA = 0.95
LEARNING_RATE = 0.001


def step(s, action):
    """One step of CartPole.Step: the next state and whether it failed."""
    x, x_dot, theta, theta_dot = s
    force = FORCE if action == 1 else -FORCE
    cos = math.cos(theta)
    sin = math.sin(theta)
    temp = (force + POLE_MASS_LENGTH * theta_dot * theta_dot * sin) / TOTAL_MASS
    theta_acc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS))
    x_acc = temp - POLE_MASS_LENGTH * theta_acc * cos / TOTAL_MASS
    n = (x + TAU * x_dot, x_dot + TAU * x_acc, theta + TAU * theta_dot, theta_dot + TAU * theta_acc)
    failed = n[0] < -X_LIMIT or n[0] > X_LIMIT or n[2] < -THETA_LIMIT or n[2] > THETA_LIMIT
    return n, failed


def xavier(rng, fan_in, fan_out):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    w1, b1 = xavier(rng, INPUTS, HIDDEN), np.zeros(HIDDEN)
    w2, b2 = xavier(rng, HIDDEN, ACTIONS), np.zeros(ACTIONS)
    X = np.empty((MAX_STEPS, INPUTS))
    H = np.empty((MAX_STEPS, HIDDEN))
    P = np.empty((MAX_STEPS, ACTIONS))
    actions = np.empty(MAX_STEPS, dtype=np.int64)
    rewards = np.empty(MAX_STEPS)
    returns_sum, returns_count = 0.0, 0
    episode_returns = []
    steps_total = 0

    start = time.perf_counter()
    for _ in range(args.episodes):
        s = tuple(rng.uniform(-SPREAD, SPREAD, size=4))
        t = 0
        while True:
            x = X[t]
            x[:] = s
            h = np.tanh(w1 @ x + b1)
            z = w2 @ h + b2
            e = np.exp(z - z.max())
            p = e / e.sum()
            H[t] = h
            P[t] = p
            u = rng.random()
            action = 0 if u < p[0] else 1
            s, failed = step(s, action)
            actions[t] = action
            rewards[t] = 1.0
            t += 1
            if failed or t >= MAX_STEPS:
                break
        # Returns-to-go, advantages against the running mean of earlier returns.
        g = np.empty(t)
        following = 0.0
        for k in range(t - 1, -1, -1):
            following = rewards[k] + GAMMA * following if k < t - 1 else rewards[k]
            g[k] = following
        baseline = returns_sum / returns_count if returns_count else 0.0
        adv = g - baseline
        # One batched backward pass over the episode's steps; gradients summed over the steps.
        delta2 = P[:t].copy()
        delta2[np.arange(t), actions[:t]] -= 1.0
        delta2 *= adv[:, None]
        gw2 = delta2.T @ H[:t]
        gb2 = delta2.sum(axis=0)
        delta1 = (delta2 @ w2) * (1.0 - H[:t] * H[:t])
        gw1 = delta1.T @ X[:t]
        gb1 = delta1.sum(axis=0)
        w2 -= LEARNING_RATE * gw2
        b2 -= LEARNING_RATE * gb2
        w1 -= LEARNING_RATE * gw1
        b1 -= LEARNING_RATE * gb1
        returns_sum += float(g.sum())
        returns_count += t
        episode_returns.append(float(rewards[:t].sum()))
        steps_total += t
    seconds = time.perf_counter() - start

    last = episode_returns[-100:]
    print(json.dumps({
        "seconds": seconds,
        "episodes": args.episodes,
        "steps": steps_total,
        "episodesPerSecond": args.episodes / seconds,
        "stepsPerSecond": steps_total / seconds,
        "meanReturnLast100": sum(last) / len(last),
    }))


if __name__ == "__main__":
    main()
