# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: optimiser race
#
# Every time a neural network is trained, someone has chosen an optimiser: the rule that turns
# a gradient into a step. Most people pick Adam because "it usually works". In this lab you
# find out *why* it usually works, and where the simpler rules still hold their own, by racing
# four optimisers, GD, momentum, RMSProp and Adam, on three small loss surfaces you can see in
# full: a stretched **bowl**, the curved **Rosenbrock valley**, and a **saddle** where the
# challenge is not to reach a minimum but to get away from a flat point.
#
# **It follows** [Faster optimisers](https://mathforml.github.io/mathforml/calculus/optimisers/),
# whose [momentum](https://mathforml.github.io/mathforml/calculus/optimisers/#momentum),
# [RMSProp](https://mathforml.github.io/mathforml/calculus/optimisers/#rmsprop) and
# [Adam](https://mathforml.github.io/mathforml/calculus/optimisers/#adam) sections give the
# update rules you will implement. The tracks come from two earlier lessons:
# [Loss landscapes](https://mathforml.github.io/mathforml/calculus/landscapes/) for the
# [convex bowl](https://mathforml.github.io/mathforml/calculus/landscapes/#convexity) and the
# [saddle](https://mathforml.github.io/mathforml/calculus/landscapes/#saddle-points), and
# [Narrow valleys and vanishing gradients](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/)
# for [the Rosenbrock valley](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/#the-rosenbrock-valley)
# and the [$2/\lambda_{\max}$ limit on the learning rate](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/#curvature-caps-the-learning-rate).
#
# **The tasks**
#
# 1. Implement the four update rules for one shared loop.
# 2. Work out their first steps on the bowl by hand, then check your code against them.
# 3. Make the race fair: measure when a run *settles* at the minimum, and tune every
#    optimiser's learning rate on the same grid.
# 4. Race 1, the bowl: predict the winner, run the race, explain the result.
# 5. Race 2, the Rosenbrock valley: run it, and test GD's tuned learning rate against the
#    curvature of the valley.
# 6. Race 3, the saddle: predict how long GD takes to escape, then race all four.
# 7. Read the scoreboard: what the three races show, and what they do not.
#
# **How to work.** Run the cells in order, top to bottom. Each task says what to write or
# predict; write your own answer in a new cell first (in Jupyter, press `Esc` and then `B` to
# add a cell below the selected one), and only then read the solution that follows it. The
# solutions end with `assert`s that check the results, and later tasks use the solutions'
# functions, so run them even when your own answer worked. Everything is defined here, and the
# whole lab runs in a few seconds.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## Set-up: one loop, three tracks, one plot
#
# All four optimisers share the same outer loop: start at $\mathbf{w}_0$, and at step
# $t = 1, 2, \dots$ compute the gradient $\mathbf{g}_t = \nabla f(\mathbf{w}_{t-1})$ and move
# to $\mathbf{w}_t$. Only the *update rule* differs, so `run` below takes it as a function
# `update(w, g, t)`. Two details make the tuning of task 3 quick and safe:
#
# - `start` may hold many starting points at once, one per row, and the learning rate a
#   matching column, so NumPy broadcasting runs a whole grid of learning rates in one loop;
# - a run whose point stops being finite or has a coordinate beyond $10^6$ counts as
#   *diverged*: its row becomes `nan` (and stays `nan`) while the others carry on, and the
#   arithmetic runs inside `np.errstate` so that overflow does not print warnings.

# %%
DIVERGED = 1e6  # a coordinate this large counts as "blown up"


def run(update, grad_fn, start, steps, stop=None):
    """Iterate w <- update(w, grad_fn(w), t) and return the path, one row per iterate.

    `start` is one point of shape (2,) or a batch of shape (k, 2). The run ends after `steps`
    steps, when every point has diverged, or when `stop(w)` is true for every live point.
    """
    w = np.array(start, dtype=float)
    path = [w]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            new = update(w, grad_fn(w), t)
            alive = np.isfinite(new).all(axis=-1) & (np.abs(new).max(axis=-1) < DIVERGED)
            if not alive.any():
                break
            w = np.where(alive[..., None], new, np.nan)
            path.append(w)
            if stop is not None and np.all(stop(w) | ~alive):
                break
    return np.array(path)


# %% [markdown]
# The tracks, each a loss `f` (for the plots) and its gradient (for the optimisers). Both index
# with `w[..., 0]` and `w[..., 1]`, so they accept one point or a batch.
#
# - **Bowl**: $f(x, y) = x^2 + 10y^2$, minimum at $(0, 0)$, start $(-4, 1.5)$. It is convex,
#   with curvature 2 along $x$ and 20 along $y$: a condition number of 10, mildly
#   ill-conditioned.
# - **Rosenbrock valley**: $f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2$, minimum at $(1, 1)$,
#   start $(-1.5, 2)$, on the far side of the curved valley.
# - **Saddle**: $f(x, y) = x^2 - y^2$, which has no minimum. Start $(1, 10^{-3})$, almost
#   exactly on the ridge, where the $y$ component of the gradient is tiny.


# %%
def bowl(w):
    return w[..., 0] ** 2 + 10 * w[..., 1] ** 2


def bowl_grad(w):
    return np.stack([2 * w[..., 0], 20 * w[..., 1]], axis=-1)


def rosenbrock(w):
    x, y = w[..., 0], w[..., 1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(w):
    x, y = w[..., 0], w[..., 1]
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)


def saddle(w):
    return w[..., 0] ** 2 - w[..., 1] ** 2


def saddle_grad(w):
    return np.stack([2 * w[..., 0], -2 * w[..., 1]], axis=-1)


BOWL_START, BOWL_MIN = np.array([-4.0, 1.5]), np.array([0.0, 0.0])
ROSEN_START, ROSEN_MIN = np.array([-1.5, 2.0]), np.array([1.0, 1.0])
SADDLE_START = np.array([1.0, 1e-3])


def numerical_grad(f, w, h=1e-6):
    """Central differences, one coordinate at a time."""
    return np.array([(f(w + e) - f(w - e)) / (2 * h) for e in h * np.eye(len(w))])


rng = np.random.default_rng(0)  # a wrong gradient would make the whole race meaningless
for f, grad in [(bowl, bowl_grad), (rosenbrock, rosenbrock_grad), (saddle, saddle_grad)]:
    for w in rng.uniform(-2, 2, size=(5, 2)):
        assert np.allclose(grad(w), numerical_grad(f, w), rtol=1e-5, atol=1e-5)
    batch = rng.uniform(-2, 2, size=(3, 2))
    assert np.allclose(grad(batch), [grad(w) for w in batch])  # batch = one at a time
assert np.allclose(rosenbrock_grad(ROSEN_MIN), 0) and rosenbrock(ROSEN_MIN) == 0
print("all three gradients agree with finite differences")
curvatures = np.diag(bowl_grad(np.eye(2)))  # the gradient is linear: this is the Hessian
print("bowl: curvatures", curvatures, " condition number", curvatures.max() / curvatures.min())
assert np.array_equal(curvatures, [2, 20])

# %% [markdown]
# Every race ends in a contour plot: level curves of $f$, one path per optimiser, dots on the
# first dozen iterates. This helper draws one, and each figure cell below calls it.


# %%
def race_figure(f, paths, title, xlim, ylim, levels, target=None, max_points=400):
    """Contours of f with one path per colour; returns the axes, for extra lines."""
    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    X, Y = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    Z = f(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=levels, colors="C7", linewidths=0.6, alpha=0.7)
    for k, (label, path) in enumerate(paths.items()):
        p = path[:max_points]
        ax.plot(p[:, 0], p[:, 1], "-", color=f"C{k}", lw=1.4, label=label)
        ax.plot(p[:12, 0], p[:12, 1], "o", color=f"C{k}", ms=3)
    ax.plot(*next(iter(paths.values()))[0], "s", color="C7", ms=7, label="start")
    if target is not None:
        ax.plot(*target, "*", color="C8", ms=14, label="minimum")
    ax.set(xlim=xlim, ylim=ylim, xlabel="x", ylabel="y", title=title)
    ax.legend(fontsize=8, loc="best")
    return ax


# %% [markdown]
# ## Tasks
#
# ### Task 1: four update rules
#
# The lesson wrote each optimiser as a loop of its own. Here you write only the update rule,
# and `run` does the looping. Write
#
# - `gd(grad_fn, start, lr, steps, stop=None)`,
# - `momentum(grad_fn, start, lr, steps, beta=0.9, stop=None)`,
# - `rmsprop(grad_fn, start, lr, steps, rho=0.9, eps=1e-8, stop=None)`,
# - `adam(grad_fn, start, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, stop=None)`,
#
# each of which defines `update(w, g, t)` following the lesson's formulas (GD's is the
# [update rule](https://mathforml.github.io/mathforml/calculus/gradient-descent/#the-update-rule)
# of the gradient descent lesson) and returns
# `run(update, grad_fn, start, steps, stop)`. The Adam defaults are those of Kingma and Ba
# (2015). Hints: keep the optimiser's state (velocity, averages) in variables of the enclosing
# function and declare them `nonlocal` inside `update`. Start them at the number `0.0`: the
# first update turns them into arrays of the right shape by broadcasting, so the same code
# serves one run or a whole batch. `t` starts at 1, which is what Adam's bias correction needs.
# Squares, square roots and divisions act entry by entry.

# %% [markdown]
# #### Solution to task 1
#
# Each rule is a line or two of the lesson's formulas. Two quick checks: momentum with
# $\beta = 0$ is plain gradient descent, and a batch of starting points gives the same paths as
# the same points run one at a time.


# %%
def gd(grad_fn, start, lr, steps, stop=None):
    """Plain gradient descent."""

    def update(w, g, t):
        return w - lr * g

    return run(update, grad_fn, start, steps, stop)


def momentum(grad_fn, start, lr, steps, beta=0.9, stop=None):
    """Gradient descent with a velocity v that sums past gradients."""
    v = 0.0

    def update(w, g, t):
        nonlocal v
        v = beta * v + g
        return w - lr * v

    return run(update, grad_fn, start, steps, stop)


def rmsprop(grad_fn, start, lr, steps, rho=0.9, eps=1e-8, stop=None):
    """Divide each coordinate's gradient by the root mean square of its recent values."""
    s = 0.0

    def update(w, g, t):
        nonlocal s
        s = rho * s + (1 - rho) * g**2
        return w - lr * g / (np.sqrt(s) + eps)

    return run(update, grad_fn, start, steps, stop)


def adam(grad_fn, start, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, stop=None):
    """Momentum on the gradient, RMSProp scaling, both bias-corrected (Kingma and Ba, 2015)."""
    m = 0.0
    s = 0.0

    def update(w, g, t):
        nonlocal m, s
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        s_hat = s / (1 - beta2**t)
        return w - lr * m_hat / (np.sqrt(s_hat) + eps)

    return run(update, grad_fn, start, steps, stop)


OPTIMISERS = {"GD": gd, "Momentum": momentum, "RMSProp": rmsprop, "Adam": adam}

assert np.allclose(
    momentum(bowl_grad, BOWL_START, 0.01, 50, beta=0.0), gd(bowl_grad, BOWL_START, 0.01, 50)
)
two = np.array([BOWL_START, ROSEN_START])
for opt in OPTIMISERS.values():
    both = opt(rosenbrock_grad, two, 1e-3, 20)
    assert np.allclose(both[:, 1], opt(rosenbrock_grad, ROSEN_START, 1e-3, 20))

# %% [markdown]
# ### Task 2: the first steps, by hand
#
# Take the bowl, its start $\mathbf{w}_0 = (-4, 1.5)$ and $\eta = 0.1$. On paper, compute the
# first gradient $\mathbf{g}_1$ and each optimiser's first point $\mathbf{w}_1$; for momentum,
# also the second point $\mathbf{w}_2$, where the velocity first shows. For RMSProp and Adam,
# you may ignore $\varepsilon$: what do you notice about the *size* of their first steps? Then
# run each optimiser for two steps and check your numbers.

# %% [markdown]
# #### Solution to task 2
#
# The first gradient is $\mathbf{g}_1 = (2 \cdot (-4),\ 20 \cdot 1.5) = (-8, 30)$.
#
# - **GD**: $\mathbf{w}_1 = (-4, 1.5) - 0.1\,(-8, 30) = (-3.2, -1.5)$. The $y$ step of $3$ is
#   so big that it jumps right across the valley.
# - **Momentum**: $\mathbf{v}_1 = 0.9 \cdot \mathbf{0} + \mathbf{g}_1 = \mathbf{g}_1$, so the
#   first step is the same as GD's. Then
#   $\mathbf{g}_2 = (2 \cdot (-3.2),\ 20 \cdot (-1.5)) = (-6.4, -30)$,
#   $\mathbf{v}_2 = 0.9\,(-8, 30) + (-6.4, -30) = (-13.6, -3)$, and
#   $\mathbf{w}_2 = (-3.2, -1.5) - 0.1\,(-13.6, -3) = (-1.84, -1.2)$. Along $x$ the pushes
#   agree and add up; along $y$ they nearly cancel.
# - **RMSProp**: $\mathbf{s}_1 = 0.1\,\mathbf{g}_1^2$, so
#   $\mathbf{g}_1 / \sqrt{\mathbf{s}_1} = \mathbf{g}_1 / (\sqrt{0.1}\,|\mathbf{g}_1|)$, the sign
#   of $\mathbf{g}_1$ divided by $\sqrt{0.1}$. Every coordinate moves by
#   $\eta / \sqrt{0.1} \approx 3.162\,\eta$, whatever the size of its gradient.
# - **Adam**: bias correction turns $\mathbf{m}_1 = 0.1\,\mathbf{g}_1$ and
#   $\mathbf{s}_1 = 0.001\,\mathbf{g}_1^2$ back into exactly $\mathbf{g}_1$ and
#   $\mathbf{g}_1^2$, so every coordinate moves by exactly $\eta$ against the sign of its
#   gradient: $\mathbf{w}_1 = (-4 + 0.1,\ 1.5 - 0.1) = (-3.9, 1.4)$.
#
# RMSProp's and Adam's first steps do not depend on the size of the gradient at all, only on
# its sign. That is the whole idea of per-coordinate scaling, and it will matter on every
# track.

# %%
lr = 0.1
first = {name: opt(bowl_grad, BOWL_START, lr, steps=2) for name, opt in OPTIMISERS.items()}
for name, path in first.items():
    print(f"{name:>8}: w1 = {np.round(path[1], 4)}   w2 = {np.round(path[2], 4)}")
print("g1 =", bowl_grad(BOWL_START), "  g2 =", bowl_grad(first["GD"][1]))
print(
    "RMSProp's first step in units of lr:",
    np.round(np.abs(first["RMSProp"][1] - BOWL_START) / lr, 3),
)
assert np.allclose(first["GD"][1], [-3.2, -1.5]) and np.allclose(first["Momentum"][1], [-3.2, -1.5])
assert np.allclose(first["Momentum"][2], [-1.84, -1.2])  # the velocity shows at step 2
assert np.allclose(first["Adam"][1], [-3.9, 1.4])
g1, g2 = bowl_grad(BOWL_START), bowl_grad(first["GD"][1])  # the intermediate values
assert np.allclose(g1, [-8, 30]) and np.allclose(g2, [-6.4, -30])
assert np.allclose(0.9 * g1 + g2, [-13.6, -3])
assert np.allclose(first["RMSProp"][1], BOWL_START - lr / np.sqrt(0.1) * np.sign(g1))
assert np.allclose(np.abs(first["Adam"][1] - BOWL_START), lr)

# %% [markdown]
# ### Task 3: a fair race
#
# An optimiser with a badly chosen learning rate loses any race, so comparing them all at one
# shared $\eta$ would mostly measure whose favourite $\eta$ we happened to pick. Instead, every
# optimiser gets the same grid of learning rates, `GRID` below (from $10^{-4}$ to $1$ in
# 1-2-5 steps), and races with its own best one: the same budget for everybody.
#
# "Best" needs a precise meaning. With $d_t = \|\mathbf{w}_t - \mathbf{w}^*\|$ the distance to
# the minimum after $t$ steps and $10^{-3}$ the tolerance (`TOL`), record two numbers per run:
#
# - **reached**: the first $t$ with $d_t < 10^{-3}$;
# - **settled**: the first $t$ from which $d_t < 10^{-3}$ holds for *every* later step of the
#   run.
#
# Write `race_metrics(paths, w_star)`: for paths of shape `(steps + 1, k, 2)` (one column per
# run, as `run` returns them for a batch), return three arrays of length `k`: reached and
# settled (`-1` for never) and the final distance (`np.inf` for a diverged run, whose path is
# `nan`). Then write `tune(grad_fn, start, w_star, steps)`, which runs every optimiser at every
# learning rate of `GRID` in one batch, and returns for each optimiser its best learning rate,
# that run's path and metrics, and the metrics of the whole grid. Rank runs by *settled*; if
# none settles, fall back on the smallest final distance. Why not rank by *reached*?

# %%
TOL = 1e-3
GRID = np.array([1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0])
print(len(GRID), "learning rates from", GRID[0], "to", GRID[-1])

# %% [markdown]
# #### Solution to task 3
#
# Passing through the small ball around the minimum once is not the same as staying there: an
# optimiser that keeps bouncing around the minimum can fly through it by luck, so ranking by
# *reached* would reward bouncing. For *settled*, find the last step outside the ball: the run
# settled one step later (at step 0 if it was never outside), provided its final point is
# inside. Comparisons with `nan` are false, so a diverged run is never inside. A toy path of
# distances checks the arithmetic, and two printing helpers show the results as tables.


# %%
def race_metrics(paths, w_star):
    """Paths of shape (n_steps + 1, k, 2) -> reached, settled (-1 for never), final distance."""
    d = np.linalg.norm(paths - w_star, axis=-1)  # nan for diverged runs
    inside = d < TOL  # nan < TOL is False, so a diverged run is never inside
    reached = np.where(inside.any(axis=0), inside.argmax(axis=0), -1)
    last_outside = len(d) - 1 - (~inside)[::-1].argmax(axis=0)
    last_outside = np.where(inside.all(axis=0), -1, last_outside)  # inside from the start
    settled = np.where(inside[-1], last_outside + 1, -1)
    final = np.where(np.isfinite(d[-1]), d[-1], np.inf)
    return reached, settled, final


def tune(grad_fn, start, w_star, steps):
    """Run every optimiser at every learning rate of GRID at once; return all the results."""
    starts = np.tile(start, (len(GRID), 1))
    results = {}
    for name, opt in OPTIMISERS.items():
        paths = opt(grad_fn, starts, GRID[:, None], steps)
        reached, settled, final = race_metrics(paths, w_star)
        key = [(s if s >= 0 else np.inf, f) for s, f in zip(settled, final)]
        best = min(range(len(GRID)), key=lambda i: key[i])
        results[name] = {
            "lr": GRID[best],
            "path": paths[:, best],
            "reached": reached[best],
            "settled": settled[best],
            "final": final[best],
            "grid": settled,
            "reached_grid": reached,
            "final_grid": final,
        }
    return results


def show_grid(results, steps):
    """Print the settled iteration for every optimiser and learning rate ('-' = never)."""
    print(f"settled iteration within {steps} steps ('-' = never):")
    print(f"{'lr':>8}" + "".join(f"{name:>10}" for name in results))
    for i, lr in enumerate(GRID):
        cells = [results[name]["grid"][i] for name in results]
        print(f"{lr:>8g}" + "".join(f"{c if c >= 0 else '-':>10}" for c in cells))


def show_race(results, steps):
    """Print the race table for the tuned learning rates."""
    print(f"{'optimiser':<10}{'best lr':>8}{'reached':>10}  settled")
    for name, r in results.items():
        reached = r["reached"] if r["reached"] >= 0 else "-"
        if r["settled"] >= 0:
            settled = r["settled"]
        else:
            settled = f"did not converge within {steps} (final distance {r['final']:.3g})"
        print(f"{name:<10}{r['lr']:>8g}{reached:>10}  {settled}")


toy = np.array(
    [[5, 5, 5, 1e-4], [5e-4, 1, np.nan, 1e-4], [2e-3, 1, np.nan, 1e-4], [1e-4, 1, np.nan, 1e-4]]
)
toy_paths = np.stack([toy, np.zeros_like(toy)], axis=-1)  # distance d along x, 0 along y
print(race_metrics(toy_paths, np.zeros(2)))
assert [a.tolist() for a in race_metrics(toy_paths, np.zeros(2))] == [
    [1, -1, -1, 0],
    [3, -1, -1, 0],
    [1e-4, 1.0, np.inf, 1e-4],
]

# %% [markdown]
# ### Task 4: race 1, the bowl
#
# Before you run it, predict: which optimiser will settle first on the bowl, given 1000
# steps, and will any of them never settle at all? (Hint: look at what GD does to the $y$
# coordinate per step, and at the values in `GRID`; and recall what the lesson says RMSProp
# does near a minimum.) Then tune all four with `tune`, print the grid and the race with
# `show_grid` and `show_race`, and draw the tuned paths with `race_figure`.

# %% [markdown]
# #### Solution to task 4

# %%
BOWL_STEPS = 1000
bowl_race = tune(bowl_grad, BOWL_START, BOWL_MIN, BOWL_STEPS)
show_grid(bowl_race, BOWL_STEPS)
print()
show_race(bowl_race, BOWL_STEPS)


def labelled(results):
    return {f"{name} (lr={r['lr']:g})": r["path"] for name, r in results.items()}


# %%
# Figure: contour plot of the bowl x^2 + 10 y^2 with the paths of GD, momentum, RMSProp and Adam from (-4, 1.5) to the minimum at the origin
race_figure(
    bowl,
    labelled(bowl_race),
    "Race 1: the bowl $x^2 + 10y^2$ (first 400 steps)",
    xlim=(-4.5, 1.5),
    ylim=(-2.2, 2.2),
    levels=[0.1, 0.5, 1, 2, 4, 8, 16, 32],
    target=BOWL_MIN,
)
plt.show()

# %%
gd_b, mom_b, rms_b, adam_b = (bowl_race[n] for n in OPTIMISERS)
print("RMSProp: learning rates whose run reached the tolerance:", GRID[rms_b["reached_grid"] >= 0])
print(
    f"RMSProp's best final distance {rms_b['final']:.5f}, lr / sqrt(2) = {rms_b['lr'] / np.sqrt(2):.5f}"
)
assert gd_b["lr"] == 0.05 and 0 <= gd_b["settled"] < min(mom_b["settled"], adam_b["settled"])
assert np.all(rms_b["grid"] == -1) and np.any(rms_b["reached_grid"] >= 0)  # reached, never settled
assert np.isclose(rms_b["final"], rms_b["lr"] / np.sqrt(2), rtol=0.05)

# %% [markdown]
# Three things stand out.
#
# - **Plain GD wins the bowl.** The bowl is only mildly ill-conditioned, and the grid happens
#   to contain $\eta = 0.05 = 1/20$, one over the steep curvature: the factor $1 - 20\eta$
#   that multiplies $y$ at each step is zero, so GD removes the $y$ coordinate in one step and
#   then walks down the $x$ axis. On an easy quadratic, well-tuned gradient descent is hard to
#   beat.
# - **Momentum and Adam overshoot and curl back.** Their averages remember about ten steps,
#   more memory than this bowl needs; the paths swing past the minimum and spiral in.
# - **RMSProp never settles**, although its runs with large learning rates pass through the
#   tolerance (the printout lists them). Its steps keep a size of about $\eta$ whatever the
#   gradient, so near the minimum it hops across it, as the lesson's
#   [RMSProp](https://mathforml.github.io/mathforml/calculus/optimisers/#rmsprop) section
#   predicts: about $\eta/2$ either side in each coordinate, a distance of about
#   $\eta/\sqrt{2}$, which is where its best run ends. With a small $\eta$ the hops are small,
#   but the 1000 steps run out before it arrives.
#
# ### Task 5: race 2, the Rosenbrock valley
#
# Tune all four on the Rosenbrock valley with a budget of 5000 steps and print the tables.
# No GD run will settle, so `tune` falls back on the smallest final distance for GD. Do not
# trust that pick blindly: check it against the curvature. Write `local_limit(w)`, the value
# $2/\lambda_{\max}$ of the Hessian at `w` (the Hessian is in the lesson's
# [Rosenbrock valley](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/#the-rosenbrock-valley)
# section), and evaluate it at the start, along GD's tuned path and at the minimum. Near the
# minimum the loss is almost a quadratic, so the
# [limit on the learning rate](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/#curvature-caps-the-learning-rate)
# holds there. Can GD at its tuned rate ever settle? Run it four times as long to
# check, then give GD the largest grid rate that can settle, and draw the race.

# %% [markdown]
# #### Solution to task 5

# %%
ROSEN_STEPS = 5000
rosen_race = tune(rosenbrock_grad, ROSEN_START, ROSEN_MIN, ROSEN_STEPS)
show_grid(rosen_race, ROSEN_STEPS)
print()
show_race(rosen_race, ROSEN_STEPS)


# %% [markdown]
# The grid search picked $\eta = 0.002$ for GD. Away from the minimum, $2/\lambda_{\max}$ at
# the current point is only a local guide (a larger step overshoots across the steepest
# direction, but the curvature changes under the walker), so compare it with $\eta$ all along
# the path.


# %%
def rosenbrock_hessian(w):
    x, y = w
    return np.array([[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200.0]])


def local_limit(w):
    """2 / (largest curvature at w): GD's limit if w were the minimum."""
    return 2 / np.linalg.eigvalsh(rosenbrock_hessian(w))[-1]


for w in [ROSEN_START, ROSEN_MIN, np.array([0.3, -0.4])]:  # the formula = finite differences
    columns = [(rosenbrock_grad(w + e) - rosenbrock_grad(w - e)) / 2e-6 for e in 1e-6 * np.eye(2)]
    assert np.allclose(rosenbrock_hessian(w), np.array(columns).T, rtol=1e-5, atol=1e-3)

limits = np.array([local_limit(w) for w in rosen_race["GD"]["path"]])
limit_min = local_limit(ROSEN_MIN)
print(f"GD's tuned learning rate {rosen_race['GD']['lr']:g}")
print(f"local limit at the start {local_limit(ROSEN_START):.5f}")
print(f"smallest along GD's path {limits.min():.5f} (step {limits.argmin()})")
print(f"at the minimum           {limit_min:.6f}")
print("GD's point at that step:", np.round(rosen_race["GD"]["path"][limits.argmin()], 2))
assert round(limit_min, 6) == 0.001997 and rosen_race["GD"]["lr"] == GRID[4] == 0.002 > limit_min
assert round(limits.min(), 5) == 0.00058 and limits.argmin() == 2
x2, y2 = rosen_race["GD"]["path"][2]
assert np.allclose([x2, y2], [-1.83, 1.83], atol=0.005) and y2 - x2**2 < -1  # on the wall
assert local_limit(ROSEN_START) < 0.002 and local_limit(rosen_race["GD"]["path"][1]) < 0.002

# %% [markdown]
# Along the path the limit falls as low as $0.00058$, at step 2, where the too-large first
# steps threw the walker up the wall to $(-1.83, 1.83)$. At the minimum it is $0.001997$, just
# below the grid's $0.002$: near $(1, 1)$ every step of GD at $0.002$ overshoots across the
# valley by a little more than the last, so it can never settle there, however close it comes.
# It only looked best because the 5000 steps ran out while it was still on its way in. Four
# times as long:

# %%
longer = gd(rosenbrock_grad, ROSEN_START, 0.002, 4 * ROSEN_STEPS)
d_longer = np.linalg.norm(longer - ROSEN_MIN, axis=1)
late = d_longer[15_000:]
print(f"closest approach {d_longer.min():.1e} at step {d_longer.argmin()}")
print(f"from step 15000 on, between {late.min():.3f} and {late.max():.3f} from the minimum")
print(f"distance after {len(longer) - 1} steps: {d_longer[-1]:.4f}")
assert d_longer.min() < 1e-5 and d_longer.argmin() == 12218
assert np.all(late > TOL) and round(d_longer[-1], 4) == 0.0026
assert round(late.min(), 3) == 0.002 and round(late.max(), 3) == 0.004
assert race_metrics(longer[:, None], ROSEN_MIN)[1][0] == -1  # never settles

# %% [markdown]
# It passes within $10^{-5}$ of the minimum at step 12218, is pushed back out, and ends up
# bouncing $0.002$ to $0.004$ away ($0.0026$ at step 20000). The honest choice for GD is the
# largest grid rate below the limit at the minimum, $0.001$, so that is the run we keep. Even
# $0.001$ is above the local limit at the start, $0.00096$, where the valley is curved about
# twice as sharply as at the minimum, so its first step overshoots; it survives because it
# soon reaches gentler walls.

# %%
safe_lr = GRID[GRID < limit_min].max()
safe_path = gd(rosenbrock_grad, ROSEN_START, safe_lr, ROSEN_STEPS)
reached, settled, final = race_metrics(safe_path[:, None], ROSEN_MIN)
rosen_race["GD"].update(
    lr=safe_lr, path=safe_path, reached=reached[0], settled=settled[0], final=final[0]
)
show_race(rosen_race, ROSEN_STEPS)
assert safe_lr == 0.001 and safe_lr > local_limit(ROSEN_START)
assert round(local_limit(ROSEN_START), 5) == 0.00096
assert round(local_limit(ROSEN_START) / limit_min, 1) == 0.5  # twice the curvature

# %%
# Figure: contour plot of the Rosenbrock valley with the tuned paths of GD, momentum, RMSProp and Adam from (-1.5, 2) along the curved valley towards the minimum at (1, 1)
race_figure(
    rosenbrock,
    labelled(rosen_race),
    "Race 2: the Rosenbrock valley (all steps)",
    xlim=(-2, 2),
    ylim=(-0.5, 3),
    levels=np.logspace(-1, 3.5, 14),
    target=ROSEN_MIN,
    max_points=ROSEN_STEPS + 1,
)
plt.show()

# %%
gd_r, mom_r, rms_r, adam_r = (rosen_race[n] for n in OPTIMISERS)
assert gd_r["settled"] == -1 and gd_r["reached"] == -1 and np.all(gd_r["grid"] == -1)
assert round(gd_r["final"], 3) == 0.175  # GD at 0.001 is still far from (1, 1)
assert np.all(np.isinf(gd_r["final_grid"][GRID >= 0.005]))  # larger lr: GD diverges
assert rms_r["settled"] == -1 and 0 <= mom_r["settled"] < adam_r["settled"]
hops = np.abs(np.diff(rms_r["path"][-3:], axis=0))  # RMSProp's last two steps, per coordinate
assert rms_r["lr"] == 0.002 and np.allclose(hops, rms_r["lr"], rtol=0.01)
assert np.linalg.norm(rms_r["path"][-501] - ROSEN_MIN) > 1.5 * rms_r["final"]  # still creeping
assert rms_r["final_grid"][GRID == 0.001][0] > 0.05 > 0.001 / np.sqrt(2)
big = GRID >= 0.1
assert np.all((adam_r["reached_grid"][big] >= 0) & (adam_r["grid"][big] == -1))
assert np.all(np.isfinite(adam_r["final_grid"][big]))  # large-lr Adam arrives, then wanders

# %% [markdown]
# Here the ranking changes.
#
# - **GD does not make it.** Any learning rate large enough to move quickly along the flat
#   floor is too large for the steep walls: from $\eta = 0.005$ up, every GD run blows up and
#   is stopped by the divergence guard, and $0.002$ can never settle. The largest rate that
#   can, $0.001$, overshoots across the valley on its first step, then creeps along the
#   floor, and is still $0.175$ from $(1, 1)$ after 5000 steps.
# - **Momentum wins.** Along the floor the gradients keep pointing the same way, so the
#   velocity builds up, while across the valley the pushes alternate and cancel: the heavy ball
#   of the lesson's [momentum](https://mathforml.github.io/mathforml/calculus/optimisers/#momentum)
#   section, doing what it was designed for.
# - **Adam gets there too**, later, and only at a modest learning rate. From $\eta = 0.1$ up
#   it reaches the minimum but then wanders around it and never settles within the tolerance,
#   the same weakness as RMSProp in a milder form.
# - **RMSProp never settles.** Its best run, at $0.002$, is still creeping along the floor
#   when the budget ends, hopping across the valley by about $\eta$ per step in each
#   coordinate, as on the bowl; at $0.001$, small enough for hops inside the tolerance, it is
#   still more than $0.05$ away.
#
# A log plot of the distance to the minimum tells the story over time. On the Rosenbrock
# side, once momentum and Adam are close they keep closing in, down to the limits of
# floating-point arithmetic; GD and RMSProp crawl, still above the tolerance line at the end.
# On the bowl side, GD's straight line is the constant factor per step of a quadratic, and
# RMSProp's hovering shows as a flat tail.

# %%
# Figure: distance to the minimum against the iteration number on a log scale, for the four tuned optimisers on the bowl (left) and the Rosenbrock valley (right)
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
for ax, race, w_star, title in [
    (axes[0], bowl_race, BOWL_MIN, "bowl"),
    (axes[1], rosen_race, ROSEN_MIN, "Rosenbrock"),
]:
    for k, (name, r) in enumerate(race.items()):
        ax.semilogy(np.linalg.norm(r["path"] - w_star, axis=1), color=f"C{k}", lw=1.2, label=name)
    ax.axhline(TOL, color="C7", ls="--", lw=1, label="tolerance 1e-3")
    ax.set(xlabel="iteration t", ylabel="distance to the minimum", title=title)
    ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ### Task 6: race 3, the saddle
#
# On the saddle $x^2 - y^2$ there is no minimum to reach. The danger is the opposite: from
# $(1, 10^{-3})$, almost on the ridge, the $y$ component of the gradient is tiny, so an
# optimiser can linger near the flat point for a long time, as the lesson's
# [saddle points](https://mathforml.github.io/mathforml/calculus/landscapes/#saddle-points)
# section showed for GD. The goal here is **escape**: the number of steps until $|y| > 1$.
#
# A learning-rate grid makes no sense on this track: a bigger step always escapes faster, so
# the "best" rate would just be the largest one tried. Instead, race all four at the *same*
# three learning rates, $\eta = 0.001$, $0.01$ and $0.1$, with a budget of 2000 steps, using
# `stop` to end each run once it has escaped.
#
# First predict GD's escape step for each $\eta$ with a formula for $y_t$. Then run the race
# and print a table of escape steps. Which optimisers beat GD, and in which direction does each
# leave the saddle?

# %% [markdown]
# #### Solution to task 6
#
# GD's $y$ update is $y_t = y_{t-1} + 2\eta\,y_{t-1}$, so $y_t = 10^{-3}(1 + 2\eta)^t$, which
# passes $1$ at the first whole $t$ above $\ln(1000) / \ln(1 + 2\eta)$.

# %%
SADDLE_STEPS = 2000
SADDLE_LRS = np.array([0.001, 0.01, 0.1])
predicted = np.ceil(np.log(1000) / np.log(1 + 2 * SADDLE_LRS)).astype(int)
print("y component of the first gradient:", saddle_grad(SADDLE_START)[1])
print("GD's escape predicted by the formula:", predicted)


def escaped(w):
    return np.abs(w[..., 1]) > 1


saddle_race = {}
for name, opt in OPTIMISERS.items():
    starts = np.tile(SADDLE_START, (len(SADDLE_LRS), 1))
    paths = opt(saddle_grad, starts, SADDLE_LRS[:, None], SADDLE_STEPS, stop=escaped)
    out = escaped(paths)
    saddle_race[name] = {
        "paths": paths,
        "escape": np.where(out.any(axis=0), out.argmax(axis=0), -1),
    }

print(f"steps until |y| > 1 (budget {SADDLE_STEPS}):")
print(f"{'optimiser':<10}" + "".join(f"{f'lr={lr:g}':>28}" for lr in SADDLE_LRS))
for name, r in saddle_race.items():
    cells = [str(e) if e >= 0 else f"did not escape within {SADDLE_STEPS}" for e in r["escape"]]
    print(f"{name:<10}" + "".join(f"{c:>28}" for c in cells))

esc = {name: r["escape"] for name, r in saddle_race.items()}
assert np.array_equal(esc["GD"][1:], predicted[1:])  # the formula matches the runs
assert predicted[0] > SADDLE_STEPS and esc["GD"][0] == -1  # too slow for the budget
assert np.isclose(saddle_grad(SADDLE_START)[1], -2e-3)
for name in ["Momentum", "RMSProp", "Adam"]:
    assert np.all(esc[name] >= 0) and np.all(esc[name][1:] < esc["GD"][1:]), name

# %%
for name, r in saddle_race.items():
    e = r["escape"][1]  # the lr = 0.01 run
    print(f"{name:>8} escapes at step {e:>3}, at (x, y) = {np.round(r['paths'][e, 1], 3)}")
x_out = {name: r["paths"][r["escape"][1], 1, 0] for name, r in saddle_race.items()}
assert abs(x_out["GD"]) < 0.05 and abs(x_out["Momentum"]) < 0.05
assert x_out["RMSProp"] > 0.2 and x_out["Adam"] > 0.2

# %%
# Figure: contour plot of the saddle x^2 - y^2 with the paths of GD, momentum, RMSProp and Adam, all at learning rate 0.01, starting just off the ridge at (1, 0.001) and escaping along the y direction
ax = race_figure(
    saddle,
    {f"{name} (lr=0.01)": r["paths"][:, 1] for name, r in saddle_race.items()},
    "Race 3: escaping the saddle $x^2 - y^2$",
    xlim=(-1.2, 1.5),
    ylim=(-1.3, 1.3),
    levels=np.linspace(-1.5, 2, 15),
    max_points=SADDLE_STEPS + 1,
)
ax.axhline(1, color="C7", ls="--", lw=1)
ax.axhline(-1, color="C7", ls="--", lw=1)
plt.show()

# %% [markdown]
# The formula matches GD's runs, and at $\eta = 0.001$ GD is still stuck when the 2000 steps
# run out. Every other optimiser escapes at every learning rate, and faster than GD:
#
# - **RMSProp and Adam** divide the gradient by its own size, so even a gradient of
#   $-2 \cdot 10^{-3}$ produces a full-size step in $y$ from the very first iteration (task 2
#   showed why). The flat direction is not slow for them.
# - **Momentum** adds up the small but consistent push along $y$ into a growing velocity.
#
# They leave in different directions. GD and momentum first slide down the $x$ direction to
# $x \approx 0$, the bottom of the saddle's upward curve, and only then fall away along $y$.
# RMSProp and Adam move both coordinates by about $\eta$ per step whatever their gradients, so
# they head out diagonally and escape while $x$ is still well above $0$.
#
# ### Task 7: the scoreboard
#
# Collect the results: for each track, which optimiser won (settled first on the bowl and in
# the valley; escaped first at each learning rate on the saddle)? Did any optimiser win all
# three races? Then say what the races do *not* show: list the ways in which these tracks
# differ from training a real network.

# %% [markdown]
# #### Solution to task 7


# %%
def first_to_settle(race):
    settled = {name: r["settled"] for name, r in race.items() if r["settled"] >= 0}
    return min(settled, key=settled.get)


scoreboard = {"bowl": [first_to_settle(bowl_race)], "Rosenbrock": [first_to_settle(rosen_race)]}
for i, lr in enumerate(SADDLE_LRS):
    fastest = min(esc[name][i] for name in esc if esc[name][i] >= 0)
    scoreboard[f"saddle, lr={lr:g}"] = [name for name in esc if esc[name][i] == fastest]
for track, winners in scoreboard.items():
    print(f"{track:<18} {' and '.join(winners)}")
assert scoreboard["bowl"] == ["GD"] and scoreboard["Rosenbrock"] == ["Momentum"]
assert scoreboard["saddle, lr=0.01"] == ["Momentum", "RMSProp"]  # a tie
assert not set.intersection(*(set(w) for w in scoreboard.values()))  # nobody won everything

# %% [markdown]
# No optimiser won every race. GD won the easy bowl, thanks to a well-tuned rate, but did not
# reach the valley's minimum within the budget and was the slowest off the saddle. Momentum won the
# valley. On the saddle the winner depends on the learning rate, and at $\eta = 0.01$
# momentum and RMSProp tie. RMSProp, with a constant learning rate, never settled on either
# minimum.
#
# What the races do not show: these are toy surfaces in two dimensions, with exact,
# noise-free gradients and one starting point each. Real training has millions of coordinates,
# noisy minibatch gradients (where Adam's averaging helps most), learning-rate schedules that
# remove RMSProp's and Adam's bouncing, and a budget measured in hours rather than steps. So
# read the tables as illustrations of mechanisms (GD's sensitivity to curvature, momentum's
# speed along valleys, the constant step size and bouncing of RMSProp, Adam's blend of both),
# not as a verdict on which optimiser is best in general.
#
# ## More to try
#
# - **A harder bowl.** Change the bowl to $x^2 + 100y^2$ (and `bowl_grad`). Predict which
#   optimiser suffers most, rerun race 1, and check whether GD can still rely on a lucky
#   learning rate here.
# - **Widen the grid.** Does any tuned learning rate sit at the edge of `GRID`? If so, extend
#   the grid and see whether the ranking changes.
# - **Fix RMSProp with a schedule.** Give `rmsprop` a learning rate that decays as
#   $\eta_t = \eta / \sqrt{t}$ (the update function receives `t`). Does RMSProp now settle on
#   the bowl?
# - **Reached versus settled.** Rank runs by *reached* instead of *settled* in `tune`. Which
#   optimiser now "wins" the bowl, and why is that misleading?
# - **Nesterov momentum.** Evaluate the gradient at the look-ahead point
#   $\mathbf{w}_{t-1} - \eta\beta\,\mathbf{v}_{t-1}$ instead of $\mathbf{w}_{t-1}$ (you will
#   need to call `grad_fn` inside `update`), add it to `OPTIMISERS`, and check its first step
#   by hand first.
#
# ## Summary
#
# - All four optimisers share one loop and differ only in how a gradient becomes a step; a
#   hand-computed first step is a cheap, strong test of each.
# - RMSProp's and Adam's first steps ignore the size of the gradient, which is why they leave
#   flat regions such as the saddle faster than GD.
# - A fair comparison tunes every optimiser's learning rate on the same grid and measures
#   when a run *settles* within the tolerance, not when it first passes through it.
# - A tuned learning rate must still respect the curvature at the minimum: GD settles only
#   below $2/\lambda_{\max}$ there, however good a faster rate looks on a short budget.
# - Guard experiments against divergence, and report "did not converge" honestly.
