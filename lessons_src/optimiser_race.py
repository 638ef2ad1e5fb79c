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
# a gradient into a step. PyTorch offers a dozen of them, and most people pick Adam because
# "it usually works". In this lab you find out *why* it usually works, and where the simpler
# rules still hold their own, by racing four optimisers on three small loss surfaces you can
# see in full.
#
# The runners are the four rules from the Stage 2 lessons "Gradient descent" and "Faster
# optimisers":
#
# 1. **GD**, plain gradient descent: step against the gradient;
# 2. **Momentum**: keep a velocity that adds up past gradients;
# 3. **RMSProp**: divide each coordinate's gradient by its own recent size;
# 4. **Adam**: momentum and RMSProp together, with bias correction.
#
# The tracks are the three shapes from the "Loss landscapes" lesson: a **bowl** that is
# steeper one way than the other, the curved **Rosenbrock valley**, and a **saddle** where the
# challenge is not to reach a minimum but to get away from a flat point.
#
# You will write each optimiser as a ten-line NumPy function, check its first step against a
# value worked out by hand, tune every optimiser's learning rate on the same grid so the race
# is fair, and then watch the paths on contour plots. Run the cells in order, top to bottom;
# everything is defined here and the whole lab runs in about a second.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. One loop, four update rules
#
# All four optimisers share the same outer loop: start at $\mathbf{w}_0$, and at step
# $t = 1, 2, \dots$ compute the gradient $\mathbf{g}_t = \nabla f(\mathbf{w}_{t-1})$ and move
# to a new point $\mathbf{w}_t$. Only the *update rule* differs, so we write the loop once in
# `run` and give each optimiser a small `update(w, g, t)` function.
#
# The loop also guards against a run that blows up. A learning rate that is too large makes
# the iterates grow without bound; NumPy would then overflow to `inf` and warn. So the loop
# computes inside `np.errstate(over="ignore", invalid="ignore")`, treats any point that is
# not finite or has a coordinate beyond $10^6$ as *diverged*, and stops there.
#
# One extra trick makes the learning-rate search in section 4 fast: `start` may hold many
# starting points at once, one per row, and `lr` a matching column of learning rates. NumPy
# broadcasting then runs a whole grid of learning rates in one loop. A row that diverges is
# set to `nan` (and stays `nan`) while the other rows carry on.

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
# Now the four update rules, in the notation of the "Faster optimisers" lesson. The learning
# rate is $\eta$ (`lr`), and squares, square roots and divisions of vectors act entry by entry.
#
# | optimiser | state (starts at $\mathbf{0}$) | step |
# | --- | --- | --- |
# | GD | none | $\mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\mathbf{g}_t$ |
# | Momentum | $\mathbf{v}_t = \beta\,\mathbf{v}_{t-1} + \mathbf{g}_t$ | $\mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\mathbf{v}_t$ |
# | RMSProp | $\mathbf{s}_t = \rho\,\mathbf{s}_{t-1} + (1 - \rho)\,\mathbf{g}_t^2$ | $\mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\mathbf{g}_t / (\sqrt{\mathbf{s}_t} + \varepsilon)$ |
# | Adam | $\mathbf{m}_t = \beta_1\mathbf{m}_{t-1} + (1 - \beta_1)\mathbf{g}_t$, $\ \mathbf{s}_t = \beta_2\mathbf{s}_{t-1} + (1 - \beta_2)\mathbf{g}_t^2$ | $\mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\hat{\mathbf{m}}_t / (\sqrt{\hat{\mathbf{s}}_t} + \varepsilon)$ |
#
# Adam's bias-corrected averages are $\hat{\mathbf{m}}_t = \mathbf{m}_t / (1 - \beta_1^t)$ and
# $\hat{\mathbf{s}}_t = \mathbf{s}_t / (1 - \beta_2^t)$. We use the usual settings:
# $\beta = 0.9$ for momentum, $\rho = 0.9$ for RMSProp, and for Adam the defaults of Kingma and
# Ba (2015), $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$.
#
# The state variables start as the number `0.0`; the first update turns them into arrays of
# the right shape by broadcasting, so the same code serves one run or a whole batch.


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

# %% [markdown]
# ## 2. The three tracks
#
# Each surface comes as a loss function `f`, which the plots need, and its gradient, which the
# optimisers need. Both index with `w[..., 0]` and `w[..., 1]` so they accept one point or a
# batch of points.
#
# - **Bowl**: $f(x, y) = x^2 + 10y^2$, gradient $(2x,\ 20y)$, minimum at $(0, 0)$. The
#   curvature is $2$ along $x$ and $20$ along $y$: a condition number of $10$, mildly
#   ill-conditioned. Start at $(-4, 1.5)$.
# - **Rosenbrock valley**: $f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2$, minimum at $(1, 1)$. The
#   floor of the valley is the curved parabola $y = x^2$, with steep walls on either side.
#   Start at $(-1.5, 2)$, on the far side of the valley.
# - **Saddle**: $f(x, y) = x^2 - y^2$, gradient $(2x,\ -2y)$. The origin is a minimum along
#   $x$ and a maximum along $y$, and $f$ has no minimum at all. Start at $(1, 10^{-3})$,
#   almost exactly on the ridge, where the $y$ component of the gradient is tiny.


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

# %% [markdown]
# A wrong gradient would make the whole race meaningless, so check each one against central
# finite differences, $\partial f / \partial x \approx (f(x + h, y) - f(x - h, y)) / (2h)$, at a
# few random points.


# %%
def numerical_grad(f, w, h=1e-6):
    """Central differences, one coordinate at a time."""
    g = np.zeros_like(w)
    for i in range(len(w)):
        e = np.zeros_like(w)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


rng = np.random.default_rng(0)
for f, grad in [(bowl, bowl_grad), (rosenbrock, rosenbrock_grad), (saddle, saddle_grad)]:
    for w in rng.uniform(-2, 2, size=(5, 2)):
        assert np.allclose(grad(w), numerical_grad(f, w), rtol=1e-5, atol=1e-5)
    batch = rng.uniform(-2, 2, size=(3, 2))
    assert np.allclose(grad(batch), [grad(w) for w in batch])  # batch = one at a time
assert np.allclose(rosenbrock_grad(ROSEN_MIN), 0) and rosenbrock(ROSEN_MIN) == 0
print("all three gradients agree with finite differences")

# %% [markdown]
# ## 3. Check the first steps by hand
#
# Before racing, make sure each optimiser does what its formula says. Take the bowl, the start
# $\mathbf{w}_0 = (-4, 1.5)$ and $\eta = 0.1$. The first gradient is
# $\mathbf{g}_1 = (2 \cdot (-4),\ 20 \cdot 1.5) = (-8, 30)$.
#
# - **GD**: $\mathbf{w}_1 = (-4, 1.5) - 0.1\,(-8, 30) = (-3.2, -1.5)$. The $y$ step of $3$ is
#   so big that it jumps right across the valley.
# - **Momentum**: $\mathbf{v}_1 = 0.9 \cdot \mathbf{0} + \mathbf{g}_1 = \mathbf{g}_1$, so the
#   first step is the same as GD's. The second step shows the difference:
#   $\mathbf{g}_2 = (2 \cdot (-3.2),\ 20 \cdot (-1.5)) = (-6.4, -30)$,
#   $\mathbf{v}_2 = 0.9\,(-8, 30) + (-6.4, -30) = (-13.6, -3)$, and
#   $\mathbf{w}_2 = (-3.2, -1.5) - 0.1\,(-13.6, -3) = (-1.84, -1.2)$. Along $x$ the pushes
#   agree and add up; along $y$ they nearly cancel.
# - **RMSProp**: $\mathbf{s}_1 = 0.1\,\mathbf{g}_1^2$, so
#   $\mathbf{g}_1 / \sqrt{\mathbf{s}_1} = \mathbf{g}_1 / (\sqrt{0.1}\,|\mathbf{g}_1|)$, which is
#   the sign of $\mathbf{g}_1$ divided by $\sqrt{0.1}$. Every coordinate moves by
#   $\eta / \sqrt{0.1} \approx 3.162\,\eta$, whatever the size of its gradient.
# - **Adam**: $\mathbf{m}_1 = 0.1\,\mathbf{g}_1$ and $\mathbf{s}_1 = 0.001\,\mathbf{g}_1^2$,
#   but bias correction divides them by $1 - 0.9 = 0.1$ and $1 - 0.999 = 0.001$, giving back
#   exactly $\hat{\mathbf{m}}_1 = \mathbf{g}_1$ and $\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$. The
#   step is $\eta$ times the sign of $\mathbf{g}_1$: every coordinate moves by exactly $\eta$,
#   so $\mathbf{w}_1 = (-4 + 0.1,\ 1.5 - 0.1) = (-3.9, 1.4)$ (up to $\varepsilon$).

# %%
lr = 0.1
first = {name: opt(bowl_grad, BOWL_START, lr, steps=2) for name, opt in OPTIMISERS.items()}
for name, path in first.items():
    print(f"{name:>8}: w1 = {np.round(path[1], 4)}   w2 = {np.round(path[2], 4)}")

assert np.allclose(first["GD"][1], [-3.2, -1.5])
assert np.allclose(first["Momentum"][1], [-3.2, -1.5])  # same first step as GD
assert np.allclose(first["Momentum"][2], [-1.84, -1.2])  # the velocity shows at step 2
assert np.allclose(first["RMSProp"][1], BOWL_START - lr / np.sqrt(0.1) * np.sign([-8, 30]))
assert np.allclose(first["Adam"][1], [-3.9, 1.4])
assert np.allclose(np.abs(first["Adam"][1] - BOWL_START), lr)  # size lr in each coordinate
print("all hand-computed steps match")

# %% [markdown]
# Notice what the last two checks say: RMSProp's and Adam's first steps do not depend on the
# size of the gradient at all, only on its sign. That is the whole idea of per-coordinate
# scaling, and it will matter on every track.
#
# ## 4. A fair race: tune every learning rate on the same grid
#
# An optimiser with a badly chosen learning rate loses any race, so comparing them all at
# one shared $\eta$ would mostly measure whose favourite $\eta$ we happened to pick. Instead,
# every optimiser gets the same grid of 13 learning rates, from $10^{-4}$ to $1$ in
# 1-2-5 steps, and runs with its own best one. This mimics what a careful practitioner does,
# and it is the same budget for everybody.
#
# "Best" needs a precise meaning. Let $d_t = \|\mathbf{w}_t - \mathbf{w}^*\|$ be the distance
# to the minimum $\mathbf{w}^*$ after $t$ steps. We record two numbers per run:
#
# - **reached**: the first $t$ with $d_t < 10^{-3}$;
# - **settled**: the first $t$ from which $d_t < 10^{-3}$ holds for *every* later step of
#   the run.
#
# Passing through the target once is not the same as staying there: an optimiser that keeps
# bouncing around the minimum can fly through the small ball by luck. So the grid search
# ranks runs by **settled**, and if no learning rate settles, by the smallest final distance
# (a fallback that can mislead, as section 6 shows).

# %%
TOL = 1e-3
GRID = np.array([1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0])


def race_metrics(paths, w_star):
    """Paths of shape (n_steps + 1, k, 2) -> reached, settled (-1 for never), final distance."""
    d = np.linalg.norm(paths - w_star, axis=-1)  # nan for diverged runs
    inside = d < TOL  # nan < TOL is False, so a diverged run is never inside
    reached = np.where(inside.any(axis=0), inside.argmax(axis=0), -1)
    last_outside = len(d) - 1 - (~inside)[::-1].argmax(axis=0)
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


# %% [markdown]
# ## 5. Race 1: the bowl
#
# A budget of 1000 steps is plenty for a two-dimensional quadratic.

# %%
BOWL_STEPS = 1000
bowl_race = tune(bowl_grad, BOWL_START, BOWL_MIN, BOWL_STEPS)
show_grid(bowl_race, BOWL_STEPS)
print()
show_race(bowl_race, BOWL_STEPS)

# %% [markdown]
# The contour plot draws level curves of $f$ (each ellipse is one loss value) with the four
# tuned paths on top. A small helper does the drawing for all three tracks.


# %%
def draw_race(ax, f, paths, xlim, ylim, levels, target=None, max_points=400):
    """Contours of f with one optimiser path per colour; dots mark the first iterates."""
    xs, ys = np.linspace(*xlim, 300), np.linspace(*ylim, 300)
    X, Y = np.meshgrid(xs, ys)
    Z = f(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=levels, colors="C7", linewidths=0.6, alpha=0.7)
    for k, (label, path) in enumerate(paths.items()):
        p = path[:max_points]
        ax.plot(p[:, 0], p[:, 1], "-", color=f"C{k}", lw=1.4, label=label)
        ax.plot(p[:12, 0], p[:12, 1], "o", color=f"C{k}", ms=3)
    ax.plot(*paths[next(iter(paths))][0], "s", color="C7", ms=7, label="start")
    if target is not None:
        ax.plot(*target, "*", color="C8", ms=14, label="minimum")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8, loc="best")


def labelled(results):
    return {f"{name} (lr={r['lr']:g})": r["path"] for name, r in results.items()}


# %%
# Figure: contour plot of the bowl x^2 + 10 y^2 with the paths of GD, momentum, RMSProp and Adam from (-4, 1.5) to the minimum at the origin
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
draw_race(
    ax,
    bowl,
    labelled(bowl_race),
    xlim=(-4.5, 1.5),
    ylim=(-2.2, 2.2),
    levels=[0.1, 0.5, 1, 2, 4, 8, 16, 32],
    target=BOWL_MIN,
)
ax.set_title("Race 1: the bowl $x^2 + 10y^2$ (first 400 steps)")
plt.show()

# %%
gd_b, mom_b, rms_b, adam_b = (bowl_race[n] for n in OPTIMISERS)
assert gd_b["lr"] == 0.05 and gd_b["settled"] >= 0
assert gd_b["settled"] < min(mom_b["settled"], adam_b["settled"])  # GD wins the bowl
assert np.all(rms_b["grid"] == -1)  # RMSProp settles at no learning rate on the grid
assert np.any(rms_b["reached_grid"] >= 0)  # although some runs do pass through the target
print("RMSProp: lr with a run that reached 1e-3:", GRID[rms_b["reached_grid"] >= 0])
print(
    "RMSProp best final distance:",
    round(rms_b["final"], 5),
    "  lr / sqrt(2):",
    round(rms_b["lr"] / np.sqrt(2), 5),
)
assert np.isclose(rms_b["final"], rms_b["lr"] / np.sqrt(2), rtol=0.05)

# %% [markdown]
# Three things stand out.
#
# - **Plain GD wins the bowl.** That surprises many people, but the bowl is only mildly
#   ill-conditioned, and the grid happens to contain $\eta = 0.05 = 1/20$, which is exactly
#   one over the steep curvature: the factor $1 - 20\eta$ that multiplies $y$ each step is
#   zero, so GD kills the $y$ coordinate in one step and then walks down the $x$ axis. On an
#   easy quadratic, well-tuned gradient descent is hard to beat.
# - **Momentum and Adam overshoot and curl back.** With $\beta = 0.9$ the velocity
#   remembers about ten steps, which is more memory than this bowl needs; the paths swing
#   past the minimum and spiral in.
# - **RMSProp never settles.** Its steps have size about $\eta$ whatever the gradient. With
#   a large $\eta$ it reaches the target fast (the printout lists the learning rates whose
#   runs passed through it) but then keeps hopping back and forth across the minimum, as the
#   "Faster optimisers" lesson predicted: about $\eta/2$ either side in each coordinate,
#   a distance of about $\eta/\sqrt{2}$. With a small $\eta$ the hops are small but the
#   1000 steps run out before it arrives. Its best run ends at a distance close to
#   $\eta/\sqrt{2}$, as the last check confirms. In practice RMSProp is used with a
#   learning rate that decays over time for exactly this reason.
#
# ## 6. Race 2: the Rosenbrock valley
#
# The Rosenbrock function is the classic hard test for optimisers (Rosenbrock, 1960). The
# walls of the valley are steep, so a learning rate must be small to avoid bouncing off them,
# but the floor is almost flat and curved, so small steps take forever to follow it. We give
# every optimiser 5000 steps.

# %%
ROSEN_STEPS = 5000
rosen_race = tune(rosenbrock_grad, ROSEN_START, ROSEN_MIN, ROSEN_STEPS)
show_grid(rosen_race, ROSEN_STEPS)
print()
show_race(rosen_race, ROSEN_STEPS)

# %% [markdown]
# No GD run settled, so the grid search fell back on the smallest final distance and picked
# $\eta = 0.002$. Check that against the curvature before trusting it. At a minimum, gradient
# descent can settle only if $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$ is the largest
# eigenvalue of the Hessian there (the "Loss landscapes" lesson), because near the minimum
# the loss is almost a quadratic. Elsewhere $2/\lambda_{\max}$ is a local guide: a larger
# step overshoots across the steepest direction, but the curvature changes under the walker,
# so a few such steps need not be fatal. The Rosenbrock Hessian changes from point to point,
#
# $$
# \mathbf{H}(x, y) = \begin{bmatrix} 2 - 400\,(y - x^2) + 800\,x^2 & -400\,x \\ -400\,x & 200 \end{bmatrix},
# $$
#
# and so does this *local limit*. Here it is at the start, along GD's tuned path and at the
# minimum.


# %%
def rosenbrock_hessian(w):
    x, y = w
    return np.array([[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200.0]])


def local_limit(w):
    """2 / (largest curvature at w): GD's limit if w were the minimum."""
    return 2 / np.linalg.eigvalsh(rosenbrock_hessian(w))[-1]


for w in [ROSEN_START, ROSEN_MIN, np.array([0.3, -0.4])]:  # formula = finite differences
    nudges = 1e-6 * np.eye(2)
    columns = [(rosenbrock_grad(w + e) - rosenbrock_grad(w - e)) / 2e-6 for e in nudges]
    assert np.allclose(rosenbrock_hessian(w), np.array(columns).T, rtol=1e-5, atol=1e-3)

limits = np.array([local_limit(w) for w in rosen_race["GD"]["path"]])
limit_min = local_limit(ROSEN_MIN)
print(f"local limit at the start {local_limit(ROSEN_START):.5f}")
print(f"smallest along GD's path {limits.min():.5f} (step {limits.argmin()})")
print(f"at the minimum           {limit_min:.6f}")
assert round(limit_min, 6) == 0.001997 and GRID[4] == 0.002 > limit_min
assert round(limits.min(), 5) == 0.00058 and limits.argmin() == 2
x2, y2 = rosen_race["GD"]["path"][2]
assert np.allclose([x2, y2], [-1.83, 1.83], atol=0.005) and y2 - x2**2 < -1  # on the wall
assert local_limit(ROSEN_START) < 0.002 and local_limit(rosen_race["GD"]["path"][1]) < 0.002

# %% [markdown]
# Along the path the limit falls as low as $0.00058$, at step 2, where the too-large first
# steps threw it up the wall to $(-1.83, 1.83)$. At the minimum it is $0.001997$, just below
# the grid's $0.002$: near $(1, 1)$ every step of GD at $0.002$ overshoots across the valley
# by a little more than the last, so it can never settle there, however close it comes. It
# only looked best because the 5000 steps ran out while it was passing by. Run it four times
# as long:

# %%
longer = gd(rosenbrock_grad, ROSEN_START, 0.002, 4 * ROSEN_STEPS)
d_longer = np.linalg.norm(longer - ROSEN_MIN, axis=1)
print(f"closest approach {d_longer.min():.1e} at step {d_longer.argmin()}")
print(f"distance after {len(longer) - 1} steps: {d_longer[-1]:.4f}")
assert d_longer.min() < 1e-5 and d_longer.argmin() == 12218
assert np.all(d_longer[15_000:] > TOL) and round(d_longer[-1], 4) == 0.0026
assert round(d_longer[15_000:].min(), 3) == 0.002 and round(d_longer[15_000:].max(), 3) == 0.004

# %% [markdown]
# It passes within $10^{-5}$ of the minimum at step 12218, is pushed back out and ends
# bouncing $0.002$ to $0.004$ away ($0.0026$ at step 20000). The honest choice for GD is the
# largest grid rate below the limit at the minimum, $0.001$, so that is the row we keep. Even
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
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
draw_race(
    ax,
    rosenbrock,
    labelled(rosen_race),
    xlim=(-2, 2),
    ylim=(-0.5, 3),
    levels=np.logspace(-1, 3.5, 14),
    target=ROSEN_MIN,
    max_points=ROSEN_STEPS + 1,
)
ax.set_title("Race 2: the Rosenbrock valley (all steps)")
plt.show()

# %%
gd_r, mom_r, rms_r, adam_r = (rosen_race[n] for n in OPTIMISERS)
assert gd_r["settled"] == -1 and gd_r["reached"] == -1  # GD never gets there
assert rms_r["settled"] == -1  # RMSProp never settles
assert 0 <= mom_r["settled"] < adam_r["settled"]  # momentum settles first, then Adam
assert np.all(rosen_race["GD"]["grid"] == -1)
assert round(gd_r["final"], 3) == 0.175  # GD at 0.001 is still far from (1, 1)
assert reached[0] == -1 and race_metrics(longer[:, None], ROSEN_MIN)[1][0] == -1  # 0.002: never
assert np.all(np.isinf(gd_r["final_grid"][GRID >= 0.005]))  # larger lr: GD diverges
big = GRID >= 0.1
assert np.all((adam_r["reached_grid"][big] >= 0) & (adam_r["grid"][big] == -1))
assert np.all(np.isfinite(adam_r["final_grid"][big]))  # large-lr Adam arrives, then wanders

# %% [markdown]
# Here the ranking changes.
#
# - **GD does not make it.** Any learning rate large enough to move quickly along the flat
#   floor is too large for the steep walls: from $\eta = 0.005$ up, every GD run blows up and
#   is stopped by the divergence guard, and $0.002$ can never settle. The largest rate that
#   can, $0.001$, creeps along the floor and is still $0.175$ from $(1, 1)$ after 5000
#   steps.
# - **Momentum wins.** Along the floor the gradients keep pointing the same way, so the
#   velocity builds up to about ten times a single gradient, while across the valley the
#   pushes alternate and cancel. This is the heavy ball of the "Faster optimisers" lesson,
#   doing exactly what it was designed for.
# - **Adam gets there too**, later: it settles only at a modest learning rate. From
#   $\eta = 0.1$ up it reaches the minimum sooner, then wanders around it and never settles
#   within the tolerance, the same weakness as RMSProp in a milder form.
# - **RMSProp never settles**, for the same reason as on the bowl.
#
# The contour plot also shows GD's ride: its first steps zigzag across the valley, where the
# walls are steepest, and then it creeps along the floor until its steps run out.
#
# A log plot of the distance to the minimum tells the same story over time. On the Rosenbrock
# side, once momentum and Adam are close they keep closing in quickly, all the way down to
# the limits of floating-point arithmetic; GD crawls, and RMSProp stalls well above the
# tolerance line. On the bowl side, the straight line of GD is the steady factor of the
# "Gradient descent" lesson, and RMSProp's hovering shows as a flat tail.

# %%
# Figure: distance to the minimum against the iteration number on a log scale, for the four tuned optimisers on the bowl (left) and the Rosenbrock valley (right)
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
for ax, race, w_star, title in [
    (axes[0], bowl_race, BOWL_MIN, "bowl"),
    (axes[1], rosen_race, ROSEN_MIN, "Rosenbrock"),
]:
    for k, (name, r) in enumerate(race.items()):
        d = np.linalg.norm(r["path"] - w_star, axis=1)
        ax.semilogy(d, color=f"C{k}", lw=1.2, label=name)
    ax.axhline(TOL, color="C7", ls="--", lw=1, label="tolerance 1e-3")
    ax.set_xlabel("iteration t")
    ax.set_ylabel("distance to the minimum")
    ax.set_title(title)
    ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 7. Race 3: escaping the saddle
#
# On the saddle $f(x, y) = x^2 - y^2$ there is no minimum to reach. The danger is the
# opposite: starting at $(1, 10^{-3})$, almost on the ridge, the $y$ component of the gradient
# is $-2 \cdot 10^{-3}$, so tiny that an optimiser can linger near the flat point for a long
# time. Training large networks meets such saddle points all the time. The goal here is
# **escape**: the number of steps until $|y| > 1$.
#
# A learning-rate grid makes no sense on this track, because a bigger step always escapes
# faster and the "best" learning rate would just be the largest one tried. So instead, all
# four optimisers run with the *same* learning rates, $\eta = 0.001$, $0.01$ and $0.1$, and we
# compare like with like.
#
# For GD we can predict the answer. The $y$ update is $y_t = y_{t-1} + 2\eta\,y_{t-1}$, so
# $y_t = 10^{-3}(1 + 2\eta)^t$, which passes $1$ at the first whole $t$ above
# $\ln(1000) / \ln(1 + 2\eta)$.

# %%
SADDLE_STEPS = 2000
SADDLE_LRS = np.array([0.001, 0.01, 0.1])


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

# %%
predicted = np.ceil(np.log(1000) / np.log(1 + 2 * SADDLE_LRS)).astype(int)
print("GD predicted by the formula:", predicted)
esc = {name: r["escape"] for name, r in saddle_race.items()}
assert np.array_equal(esc["GD"][1:], predicted[1:])  # formula matches the runs
assert predicted[0] > SADDLE_STEPS and esc["GD"][0] == -1  # too slow for the budget
for name in ["Momentum", "RMSProp", "Adam"]:
    assert np.all(esc[name] >= 0), name  # every other optimiser escapes at every lr
    assert np.all(esc[name][1:] < esc["GD"][1:]), name  # and faster than GD

# %%
for name, r in saddle_race.items():
    e = r["escape"][1]  # the lr = 0.01 run
    print(f"{name:>8} escapes at step {e:>3}, at (x, y) = {np.round(r['paths'][e, 1], 3)}")
x_out = {name: r["paths"][r["escape"][1], 1, 0] for name, r in saddle_race.items()}
assert abs(x_out["GD"]) < 0.05 and abs(x_out["Momentum"]) < 0.05
assert x_out["RMSProp"] > 0.2 and x_out["Adam"] > 0.2

# %%
# Figure: contour plot of the saddle x^2 - y^2 with the paths of GD, momentum, RMSProp and Adam, all at learning rate 0.01, starting just off the ridge at (1, 0.001) and escaping along the y direction
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
saddle_paths = {f"{name} (lr=0.01)": r["paths"][:, 1] for name, r in saddle_race.items()}
draw_race(
    ax,
    saddle,
    saddle_paths,
    xlim=(-1.2, 1.5),
    ylim=(-1.3, 1.3),
    levels=np.linspace(-1.5, 2, 15),
    max_points=SADDLE_STEPS + 1,
)
ax.axhline(1, color="C7", ls="--", lw=1)
ax.axhline(-1, color="C7", ls="--", lw=1)
ax.set_title("Race 3: escaping the saddle $x^2 - y^2$")
plt.show()

# %% [markdown]
# GD leaves the saddle painfully slowly: its step in $y$ is proportional to the tiny gradient,
# so $y$ only grows by the factor $1 + 2\eta$ per step, and at $\eta = 0.001$ it is still
# stuck after the whole budget. The others all escape sooner, at every learning rate:
#
# - **RMSProp and Adam** divide the gradient by its own size, so even a gradient of
#   $2 \cdot 10^{-3}$ produces a full-size step in $y$ from the very first iteration:
#   exactly $\eta$ for Adam and $\eta / \sqrt{0.1}$ for RMSProp (section 3 showed why). The
#   flat direction is not slow for them.
# - **Momentum** accumulates the small but consistent push along $y$ into a velocity about
#   ten times larger than one gradient.
#
# The paths leave in different directions. GD and momentum first slide down to $x \approx 0$,
# where the saddle curves upwards, and only then climb out along $y$. RMSProp and Adam move both
# coordinates by about $\eta$ per step whatever their gradients, so they head out diagonally and
# escape while $x$ is still well above $0$ (the printout above the plot shows where each one
# crossed $|y| = 1$). This is one reason adaptive optimisers are the default for deep networks,
# whose loss landscapes are full of such flat saddle regions.
#
# ## 8. What the race does and does not show
#
# These are three toy surfaces in two dimensions, with a full-batch, noise-free gradient, and
# one starting point each. Real training has millions of coordinates and noisy minibatch
# gradients, which is where Adam's robustness shows most. So read the tables as illustrations
# of mechanisms (GD's sensitivity to curvature, momentum's speed along valleys, the constant
# step size and bouncing of RMSProp, Adam's blend of both), not as a verdict on which
# optimiser is best in general. No optimiser won all three races.

# %% [markdown]
# ## Try it yourself
#
# 1. **A harder bowl.** Change the bowl to $x^2 + 100y^2$ (condition number 100; remember to
#    update `bowl_grad`). Predict which optimiser suffers most, rerun the race, and check
#    whether GD can still rely on a lucky learning rate like $1/20$ here.
# 2. **Widen the grid.** On the Rosenbrock track, check whether any tuned learning rate sits at
#    the edge of `GRID`. If one does, the grid may be too narrow: add $2$ and $5$ (or
#    $5 \cdot 10^{-5}$) and see if the ranking changes.
# 3. **Fix RMSProp with a schedule.** Give `rmsprop` a learning rate that decays as
#    $\eta_t = \eta / \sqrt{t}$ (the update function receives `t`). Does RMSProp now settle
#    on the bowl? Is the same trick needed for Adam?
# 4. **Reached versus settled.** Rerun `tune` ranking runs by **reached** instead of
#    **settled**. Which optimiser now "wins" the bowl, and why is that result misleading?
# 5. **Nesterov momentum.** Implement the look-ahead variant, which evaluates the gradient at
#    $\mathbf{w}_{t-1} - \eta\beta\,\mathbf{v}_{t-1}$ instead of $\mathbf{w}_{t-1}$, and add
#    it to `OPTIMISERS`. Check its first step by hand first.

# %% [markdown]
# ## Summary
#
# - All four optimisers share one loop; they differ only in how a gradient becomes a step.
#   Each fits in a few lines of NumPy, and a hand-computed first step is a cheap, strong test.
# - Bias correction makes Adam's first step exactly $\eta$ in every coordinate; RMSProp's first
#   step is $\eta / \sqrt{1 - \rho}$. Both ignore the size of the gradient, which is why they
#   cross flat regions such as the saddle quickly.
# - A fair comparison tunes every optimiser's learning rate on the same grid and measures when
#   a run *settles* within the tolerance, not merely when it first passes through it.
# - On the mild bowl a well-tuned GD won; in the curved Rosenbrock valley GD never arrived
#   and momentum won; on the saddle every other optimiser escaped faster than GD; RMSProp with
#   a constant learning rate never settled on either minimum.
# - Guard experiments against divergence: compute inside `np.errstate`, stop a run once it is
#   not finite, and report "did not converge" honestly instead of hiding it.
