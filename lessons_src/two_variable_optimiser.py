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
# # Lab: two-variable optimiser
#
# A shop rarely chooses its price on its own. It also decides how much to spend on
# advertising, and the two decisions interact: advertising brings in customers, and how much
# each extra customer is worth depends on the price. Marketing teams fit models of this kind
# (*marketing mix models*) and then optimise them. In this lab you optimise a shop's price and
# daily ad spend **together**: you find the optimum on paper, then run gradient ascent on it,
# watch it crawl, work out exactly why from the curvature, and cure the crawl by changing
# variables. Such a crawl is one of the commonest ways gradient methods go wrong in practice,
# and rescaling is one of the commonest fixes.
#
# **Follows:** [Gradient descent](https://mathforml.github.io/mathforml/calculus/gradient-descent/),
# in particular [the closed form on a parabola](https://mathforml.github.io/mathforml/calculus/gradient-descent/#the-closed-form-on-a-parabola)
# (which step sizes converge, and why the sharpest curvature sets the limit). It uses the
# gradient and the Hessian from
# [Partial derivatives and the gradient](https://mathforml.github.io/mathforml/calculus/gradient/),
# sections [partial derivatives](https://mathforml.github.io/mathforml/calculus/gradient/#partial-derivatives)
# and [curvature and the Hessian](https://mathforml.github.io/mathforml/calculus/gradient/#curvature-and-the-hessian).
#
# **The tasks:**
#
# 1. Derive the gradient of the profit by hand and check it with finite differences.
# 2. Find the optimum analytically, as a 2-by-2 linear system, and confirm it is a maximum.
# 3. Write gradient ascent, run it, and watch one coordinate crawl.
# 4. Explain the crawl with the Hessian, and predict its speed.
# 5. Change variables, ascend again, and compare the two runs on a contour plot.
#
# **How to work:** each task says what to write, with a signature or a hint. Write your own
# answer in a new cell first (in Jupyter, press `Esc` and then `B` to add a cell below the
# selected one), run it, and only then read the solution that follows. Each solution ends with
# a few `assert`s that check its results. The notebook runs top to bottom in a few seconds,
# with no downloads and no data files.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## The model
#
# The shop sells a phone case that costs $c = 4$ euros to make. At price $p$ euros and daily ad
# spend $s$ euros it sells
#
# $$
# q(p, s) = a - b\,p + k\sqrt{s}
# $$
#
# cases a day, with $a = 100$, $b = 5$ and $k = 2$. Without ads this is the phone case of the
# lesson [optimising one variable](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#the-profit-example-by-hand),
# whose best price is 12 euros. The square root models **diminishing returns**: the first 25
# euros of ads bring 10 extra sales a day, the next 75 euros only 10 more. Ads are paid for
# whether they work or not, so the daily profit is
#
# $$
# \pi(p, s) = (p - c)\,q(p, s) - s .
# $$
#
# (We write $\pi$ for profit to keep $P$ and $p$ apart; it has nothing to do with 3.14.)

# %%
a, b, k, unit_cost = 100.0, 5.0, 2.0, 4.0


def demand(p, s):
    return a - b * p + k * np.sqrt(s)


def profit(p, s):
    return (p - unit_cost) * demand(p, s) - s


print(f"{'price':>6} {'ad spend':>9} {'sold':>6} {'profit':>8}")
for p, s in [(12.0, 0.0), (12.0, 25.0), (12.0, 100.0), (14.0, 0.0), (14.0, 100.0)]:
    print(f"{p:>6.0f} {s:>9.0f} {demand(p, s):>6.0f} {profit(p, s):>8.0f}")
assert demand(12.0, 25.0) - demand(12.0, 0.0) == demand(12.0, 100.0) - demand(12.0, 25.0) == 10

# %% [markdown]
# The table shows why the two decisions cannot be made one at a time: 100 euros of ads add 60
# euros of profit at a price of 12 euros but 100 euros at a price of 14, because at the higher
# price every extra customer brings a bigger margin. The best ad spend depends on the price,
# and the best price on the ad spend.

# %% [markdown]
# ### Task 1: the gradient by hand
#
# Find the two partial derivatives $\partial \pi / \partial p$ and $\partial \pi / \partial s$
# on paper, freezing the other variable each time. Then write:
#
# - `gradient(v)`, which takes `v = np.array([p, s])` and returns your two formulas as an
#   array of shape `(2,)`;
# - `numerical_gradient(func, v, h=1e-6)`, which estimates the gradient of any function of a
#   vector by central differences, nudging one coordinate at a time.
#
# Compare them at the points $(8, 25)$, $(10, 50)$, $(16, 81)$ and $(18, 200)$. Keep $s > 0$:
# $\sqrt{s}$ has no derivative at 0.

# %% [markdown]
# #### Solution to task 1
#
# Freezing $s$, the product rule on $(p - c)(a - b\,p + k\sqrt{s})$ gives
#
# $$
# \frac{\partial \pi}{\partial p} = (a - b\,p + k\sqrt{s}) - b\,(p - c) = a + b\,c - 2b\,p + k\sqrt{s} .
# $$
#
# Freezing $p$, the margin $p - c$ is a constant, $\sqrt{s}$ has derivative $1/(2\sqrt{s})$,
# and $-s$ contributes $-1$:
#
# $$
# \frac{\partial \pi}{\partial s} = \frac{k\,(p - c)}{2\sqrt{s}} - 1 .
# $$
#
# In words: one more euro of ads brings $k/(2\sqrt{s})$ extra sales, each worth the margin
# $p - c$, and costs one euro.


# %%
def gradient(v):
    p, s = v
    d_price = a + b * unit_cost - 2 * b * p + k * np.sqrt(s)
    d_spend = k * (p - unit_cost) / (2 * np.sqrt(s)) - 1
    return np.array([d_price, d_spend])


def numerical_gradient(func, v, h=1e-6):
    """Central differences: nudge one coordinate at a time, keep the others frozen."""
    grad = np.zeros(len(v))
    for i in range(len(v)):
        step = np.zeros(len(v))
        step[i] = h
        grad[i] = (func(v + step) - func(v - step)) / (2 * h)
    return grad


def profit_v(v):
    return profit(v[0], v[1])


print(f"{'(p, s)':>14} {'formula':>20} {'finite differences':>20}")
for point in [(8.0, 25.0), (10.0, 50.0), (16.0, 81.0), (18.0, 200.0)]:
    v = np.array(point)
    exact, approx = gradient(v), numerical_gradient(profit_v, v)
    print(f"{point!s:>14} {exact[0]:>10.4f} {exact[1]:>9.4f} {approx[0]:>10.4f} {approx[1]:>9.4f}")
    assert np.allclose(exact, approx, atol=1e-5)

# %% [markdown]
# ### Task 2: the optimum on paper
#
# At an interior maximum both partial derivatives are zero. The square root makes that system
# awkward, so change variables: write $t = \sqrt{s}$ (think of it as "ad reach"). Then
# $\pi = (p - c)(a - b\,p + k\,t) - t^2$ is a quadratic in $(p, t)$.
#
# 1. Find $\partial \pi / \partial p$ and $\partial \pi / \partial t$, and write "both are
#    zero" as a linear system $\mathbf{M}\,(p, t)^\top = \mathbf{r}$. Solve it with
#    `np.linalg.solve` and report $p^*$, $s^* = t^{*2}$ and the profit there.
# 2. Write down the Hessian `H` of $\pi$ in $(p, t)$ (a constant matrix, since $\pi$ is
#    quadratic) and use its eigenvalues to show the point is the global maximum.
# 3. Check with a brute-force grid: prices 10 cents apart from 6 to 20 euros, ad spends 1 euro
#    apart from 0 to 300 (`np.meshgrid`).
#
# Predict first: with advertising, will the best price be above or below the 12 euros of the
# shop without ads?

# %% [markdown]
# #### Solution to task 2
#
# In $(p, t)$ the gradient is linear:
#
# $$
# \frac{\partial \pi}{\partial p} = a + b\,c - 2b\,p + k\,t, \qquad \frac{\partial \pi}{\partial t} = k\,(p - c) - 2t ,
# $$
#
# and setting both to zero gives
#
# $$
# \begin{bmatrix} 2b & -k \\ k & -2 \end{bmatrix} \begin{bmatrix} p \\ t \end{bmatrix} = \begin{bmatrix} a + b\,c \\ k\,c \end{bmatrix} .
# $$
#
# The Hessian in $(p, t)$ is $\mathbf{H} = \begin{bmatrix} -2b & k \\ k & -2 \end{bmatrix}$.
# Both its eigenvalues are negative, so $\pi$ curves downwards in every direction and the
# stationary point is the global maximum. The best price is 14 euros, above the 12 euros
# without ads: the ads bring in customers, and with more demand the shop can charge more. At
# the optimum the last euro of ads returns exactly one euro of margin, which is what
# $\partial \pi / \partial s = 0$ says.

# %%
M = np.array([[2 * b, -k], [k, -2.0]])
rhs = np.array([a + b * unit_cost, k * unit_cost])
p_star, t_star = np.linalg.solve(M, rhs)
s_star = t_star**2
H = np.array([[-2 * b, k], [k, -2.0]])
eig_pt = np.linalg.eigvalsh(H)

P_grid, S_grid = np.meshgrid(np.arange(6.0, 20.05, 0.1), np.arange(0.0, 300.5, 1.0))
profits_grid = profit(P_grid, S_grid)
best = np.unravel_index(np.argmax(profits_grid), profits_grid.shape)
print(f"optimum: p* = {p_star:.4f}, s* = {s_star:.4f}, profit {profit(p_star, s_star):.2f}")
print(f"no ads:  p  = {(a + b * unit_cost) / (2 * b):.4f}, profit {profit(12.0, 0.0):.2f}")
print(f"Hessian eigenvalues in (p, t): {np.round(eig_pt, 4)}")
print(f"grid: p = {P_grid[best]:.1f}, s = {S_grid[best]:.0f} ({P_grid.size} evaluations)")
assert np.all(eig_pt < 0) and np.allclose(gradient(np.array([p_star, s_star])), 0)
assert np.allclose([P_grid[best], S_grid[best]], [p_star, s_star])
assert np.allclose([p_star, s_star, profit(p_star, s_star)], [14, 100, 400])

# %% [markdown]
# ### Task 3: gradient ascent, and a crawl
#
# Now pretend there is no formula, as in machine learning. Write
# `gradient_ascent(grad, start, step_size, steps, tolerance=1e-8)`: starting from the point
# `start`, repeat $\mathbf{v} \leftarrow \mathbf{v} + \eta\,\nabla\pi(\mathbf{v})$ (a plus sign:
# we climb) for at most `steps` steps, stopping early when the gradient's length is below
# `tolerance`, and return every visited point as the rows of an array.
#
# For the step size, recall the
# [closed form on a parabola](https://mathforml.github.io/mathforml/calculus/gradient-descent/#the-closed-form-on-a-parabola):
# along a direction of curvature $-\lambda$ the step size must stay below $2/\lambda$. Along
# the price axis the curvature is $\partial^2 \pi / \partial p^2 = -2b$. Work out the limit,
# take half of it, and run from $(p, s) = (8, 25)$ for 20,000 steps. Print the point at steps
# 0, 10, 100, 1000, 5000 and 20,000. Predict first: which of the two coordinates will be right
# sooner?

# %% [markdown]
# #### Solution to task 3
#
# The limit is $2/(2b) = 0.2$ (very nearly: task 4 finds the sharpest curvature is $-10.001$),
# so the step size is 0.1. Within ten steps the price is within a euro of 14: it jumps to about
# 13, the best price for the current ad spend. The ad spend **crawls**, and drags the price
# slowly with it: after 1000 steps it is still tens of euros short of 100, and it takes
# thousands of steps more to get close.


# %%
def gradient_ascent(grad, start, step_size, steps, tolerance=1e-8):
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        g = grad(path[-1])
        if np.linalg.norm(g) < tolerance:
            break
        path.append(path[-1] + step_size * g)
    return np.array(path)


eta = 0.5 * 2 / (2 * b)
start = np.array([8.0, 25.0])
path_ps = gradient_ascent(gradient, start, step_size=eta, steps=20_000)
print(f"stability limit {2 / (2 * b)}, step size {eta}")
print(f"{'step':>6} {'price':>8} {'ad spend':>9} {'profit':>8}")
for step in [0, 10, 100, 1000, 5000, 20_000]:
    p, s = path_ps[step]
    print(f"{step:>6} {p:>8.3f} {s:>9.3f} {profit(p, s):>8.3f}")
assert abs(path_ps[10, 0] - p_star) < 1 and abs(path_ps[1000, 1] - s_star) > 30
assert np.all(path_ps[:, 1] > 0)  # s stayed positive, so sqrt(s) was always defined
assert np.allclose(path_ps[-1], [p_star, s_star], atol=0.05)

# %% [markdown]
# ### Task 4: why it crawls
#
# Near the optimum the profit is close to a quadratic bowl (upside down), whose curvatures
# are the eigenvalues of the Hessian in $(p, s)$.
#
# 1. Compute the three second partial derivatives of $\pi(p, s)$ by hand, and their values
#    at $(14, 100)$.
# 2. Write `numerical_hessian(grad, v, h=1e-4)`, whose column $i$ is the central difference of
#    the gradient along coordinate $i$, and check your values.
# 3. Compute the two eigenvalues $\lambda_{\text{sharp}}$ and $\lambda_{\text{flat}}$ and the
#    ratio of the sharp one to the flat one.
# 4. Along the flat eigenvector each step multiplies the remaining error by
#    $1 + \eta\,\lambda_{\text{flat}}$ (the factor $r$ of the closed form, for ascent).
#    Predict the factor by which 1000 steps shrink the error, and measure it on the run of
#    task 3 between steps 15,000 and 16,000, using the distance $\|\mathbf{v}_k - \mathbf{v}^*\|$.

# %% [markdown]
# #### Solution to task 4
#
# $\partial^2 \pi / \partial p^2 = -2b = -10$, the mixed one is
# $\partial^2 \pi / \partial p\,\partial s = k / (2\sqrt{s}) = 0.1$, and
# $\partial^2 \pi / \partial s^2 = -k\,(p - c)/(4 s^{3/2}) = -0.005$ at the optimum.
# The eigenvalues are about $-10$ and $-0.004$: the profit curves down about 2500 times more
# sharply in one direction than in the other. A single step size has to suit the sharp
# direction, where 0.1 is already half the limit; in the flat direction the same step removes
# only 0.04% of the remaining error per step. That is **poor conditioning**: the same long,
# narrow valley that makes neural networks train slowly when their input features are on very
# different scales. The prediction matches the run: 1000 steps shrink the error by a factor of
# about 0.67.


# %%
def numerical_hessian(grad, v, h=1e-4):
    columns = [(grad(v + h * e) - grad(v - h * e)) / (2 * h) for e in np.eye(len(v))]
    return np.array(columns).T


optimum = np.array([p_star, s_star])
H_ps = numerical_hessian(gradient, optimum)
flat, sharp = np.linalg.eigvalsh(H_ps)[::-1]  # the flat one is closest to 0
predicted = (1 + eta * flat) ** 1000
distance = np.linalg.norm(path_ps - optimum, axis=1)
measured = distance[16_000] / distance[15_000]
print("Hessian in (p, s) at the optimum:")
for row in H_ps:
    print("".join(f"{value:>10.4f}" for value in row))
print(f"eigenvalues {sharp:.4f} and {flat:.4f}, ratio {sharp / flat:.0f}")
print(f"per step along the flat direction: x {1 + eta * flat:.4f}")
print(f"per 1000 steps: predicted x {predicted:.3f}, measured x {measured:.3f}")
assert np.allclose(H_ps, [[-10, 0.1], [0.1, -0.005]], atol=1e-6)
assert round(sharp / flat, -2) == 2500 and np.isclose(1 + eta * flat, 0.9996, atol=1e-5)
assert np.isclose(measured, predicted, atol=0.005) and round(predicted, 2) == 0.67

# %% [markdown]
# ### Task 5: change variables, and race again
#
# The cure is to measure advertising on a scale where the profit curves about as much as it
# does in price. The variable $t = \sqrt{s}$ of task 2 does it.
#
# 1. Write `gradient_pt(v)` for `v = np.array([p, t])`. Get $\partial \pi / \partial t$ from
#    your $\partial \pi / \partial s$ by the chain rule, $ds/dt = 2t$, and check the result
#    against `numerical_gradient` applied to $\pi(p, t^2)$.
# 2. Run `gradient_ascent` in $(p, t)$ with the same step size, from the same start
#    $(8, \sqrt{25})$, and count the steps.
# 3. Compare like with like: the ratio of the Hessian's eigenvalues in $(p, t)$ (the `H` of
#    task 2) with the ratio in $(p, s)$ from task 4.
# 4. Draw both paths on a contour plot of the profit over price and ad spend (plot the
#    $(p, t)$ path as $(p, t^2)$).

# %% [markdown]
# #### Solution to task 5
#
# The chain rule gives
# $\frac{\partial \pi}{\partial t} = \frac{\partial \pi}{\partial s} \cdot 2t = k\,(p - c) - 2t$,
# the formula of task 2. In $(p, t)$ the eigenvalues are about $-10.5$ and $-1.5$, a ratio of
# about 7 instead of about 2500, and the same algorithm with the same step size arrives in
# just over a hundred steps instead of many thousands. As a bonus, $s = t^2$ can never go
# negative.


# %%
def gradient_pt(v):
    p, t = v
    return np.array([a + b * unit_cost - 2 * b * p + k * t, k * (p - unit_cost) - 2 * t])


for point in [(8.0, 5.0), (14.0, 10.0), (18.0, 3.0)]:
    v = np.array(point)
    chain_rule = gradient(np.array([v[0], v[1] ** 2])) * np.array([1.0, 2 * v[1]])
    numerical = numerical_gradient(lambda w: profit(w[0], w[1] ** 2), v)
    assert np.allclose(gradient_pt(v), chain_rule)
    assert np.allclose(gradient_pt(v), numerical, atol=1e-5)

path_pt = gradient_ascent(gradient_pt, np.array([8.0, np.sqrt(25.0)]), step_size=eta, steps=20_000)
n_fast = len(path_pt) - 1
print(f"in (p, t): {n_fast} steps to p = {path_pt[-1, 0]:.6f}, s = {path_pt[-1, 1] ** 2:.6f}")
print(f"eigenvalue ratio: {eig_pt[0] / eig_pt[1]:.2f} in (p, t), {sharp / flat:.0f} in (p, s)")
assert 100 < n_fast < 150 and np.allclose(path_pt[-1] ** [1, 2], [p_star, s_star], atol=1e-6)
assert np.allclose(eig_pt, [-10.472, -1.528], atol=1e-3)
assert round(eig_pt[0] / eig_pt[1]) == 7

# %%
# Figure: contour plot of daily profit over price and ad spend with both gradient ascent paths from the start (8, 25); both first move right to a price near 13 and then climb the ridge to the peak at (14, 100), but the path in price and square root of ad spend arrives in 125 steps, while the path in price and ad spend is marked far below the peak after 125 and 1000 steps and still short of it after 5000
fig, ax = plt.subplots(figsize=(6, 4.5))
lines = ax.contour(
    P_grid, S_grid, profits_grid, levels=[0, 100, 200, 300, 350, 380, 395], cmap="viridis"
)
ax.clabel(lines, fontsize=8)
ax.plot(*path_ps.T, "-", color="C1", linewidth=4, alpha=0.5, label="ascent in (p, s)")
ax.plot(
    path_pt[:, 0],
    path_pt[:, 1] ** 2,
    "o-",
    color="C0",
    markersize=3,
    label=f"ascent in (p, sqrt s): peak after {n_fast} steps",
)
for step, height in [(n_fast, 20), (1000, 55), (5000, 90)]:
    ax.plot(*path_ps[step], "D", color="C1", markersize=6)
    ax.annotate(
        f"(p, s) after {step} steps",
        xy=path_ps[step],
        xytext=(15.3, height),
        fontsize=8,
        arrowprops=dict(arrowstyle="->", color="C1"),
    )
ax.plot(*start, "s", color="C7", markersize=8, label="start (8, 25)")
ax.plot(p_star, s_star, "*", color="C3", markersize=15, label="optimum (14, 100)")
ax.set_xlim(6, 20)
ax.set_ylim(0, 300)
ax.set_xlabel("price p (euros)")
ax.set_ylabel("ad spend s (euros per day)")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# Both paths first fix the price (the sharp direction), then travel along the ridge towards
# the peak. In $(p, t)$ that second leg takes a few dozen steps; in $(p, s)$ it takes almost all
# of the run, as the diamonds show. Nothing about the optimum changed, only the coordinates we
# walk in. Rescaling inputs so that the curvatures are alike is what feature standardisation
# does for a model's loss, and adaptive optimisers such as Adam attack the same problem by
# giving each coordinate its own step size.
#
# **More to try on your own:**
#
# - *Per-coordinate step sizes.* Keep $(p, s)$ but give each coordinate its own step size:
#   0.1 for the price and a much larger one for the ad spend. How large can it be before the
#   ascent misbehaves, and how many steps does it then need?
# - *Too powerful ads.* Set $k = 5$, so that $k^2 > 4b$. What do the eigenvalues of `H` say
#   now, and what does gradient ascent in $(p, t)$ do? Is the model still believable?

# %% [markdown]
# ## Summary
#
# - With two decision variables, set both partial derivatives to zero; here the change of
#   variables $t = \sqrt{s}$ turned that into a 2-by-2 linear system, with $p^* = 14$ euros,
#   $s^* = 100$ euros a day and a profit of 400 euros a day.
# - A single step size must suit the most sharply curved direction. In $(p, s)$ the Hessian's
#   eigenvalues differ by a factor of about 2500, and along the flat direction each step
#   removes only 0.04% of the error: the ascent crawls, exactly at the predicted rate.
# - In $(p, t)$ the eigenvalue ratio is about 7, and the same algorithm with the same step
#   size converges in just over a hundred steps.
