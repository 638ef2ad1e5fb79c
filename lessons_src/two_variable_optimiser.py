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
# each extra customer is worth depends on the price. Marketing teams fit models of exactly
# this kind (often called *marketing mix models*) and then optimise them.
#
# In this lab you optimise price and daily ad spend **together**:
#
# 1. write down a demand model with diminishing returns to advertising, and the profit;
# 2. compute the gradient by hand and check it with finite differences;
# 3. find the optimum **analytically**, by solving $\nabla \text{profit} = \mathbf{0}$, and
#    confirm it with a linear solve, the Hessian and a brute-force grid;
# 4. find it again by **gradient ascent**, and watch it crawl;
# 5. fix the crawl by changing variables, and overlay both ascent paths on a contour plot.
#
# Step 4 is not a mistake in the lab: it is the most common way gradient methods go wrong in
# practice, and step 5 is the most common cure. Run the cells in order; no downloads, no data
# files.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. The model
#
# The shop sells a phone case that costs $c = 4$ euros to make. At price $p$ euros and daily ad
# spend $s$ euros it sells
#
# $$
# q(p, s) = a - b\,p + k\sqrt{s}
# $$
#
# cases a day, with $a = 100$, $b = 5$ and $k = 2$. Without ads this is the linear demand from
# the lesson on optimising one variable. The square root models **diminishing returns**: the
# first 25 euros of ads bring $2\sqrt{25} = 10$ extra sales a day, the next 75 euros only 10
# more ($2\sqrt{100} = 20$ in total). Ads are paid for whether they work or not, so the daily
# profit is
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
for p, s in [(12.0, 0.0), (12.0, 25.0), (12.0, 100.0), (14.0, 0.0), (14.0, 100.0), (16.0, 100.0)]:
    print(f"{p:>6.0f} {s:>9.0f} {demand(p, s):>6.0f} {profit(p, s):>8.0f}")

assert profit(12.0, 0.0) == 320.0  # no ads: the one-variable optimum from the lesson
assert demand(12.0, 25.0) - demand(12.0, 0.0) == 10.0
assert demand(12.0, 100.0) - demand(12.0, 25.0) == 10.0
assert profit(14.0, 100.0) - profit(14.0, 0.0) > profit(12.0, 100.0) - profit(12.0, 0.0)

# %% [markdown]
# The table already hints at the interaction: 100 euros of ads add 60 euros of profit at a
# price of 12 euros but 100 euros at a price of 14, because at the higher price every extra
# customer brings a bigger margin. The figure makes it clearer. For each price, profit
# against ad spend is a hump, and the best ad spend (the top of the hump) moves right as the
# price goes up. So the best price depends on the ad spend and the best ad spend depends on the
# price: we have to optimise both at once.

# %%
# Figure: daily profit against daily ad spend for prices of 8, 12 and 16 euros; each curve is a hump whose peak, marked, moves to larger ad spend as the price rises, from 16 euros at a price of 8 to 144 euros at a price of 16
fig, ax = plt.subplots(figsize=(6, 4))
spend = np.linspace(0, 250, 500)
for colour, p in zip(["C0", "C1", "C2"], [8.0, 12.0, 16.0]):
    best_s = spend[np.argmax(profit(p, spend))]
    ax.plot(spend, profit(p, spend), color=colour, label=f"price {p:.0f} euros")
    ax.plot(best_s, profit(p, best_s), "o", color=colour)
    assert np.isclose(best_s, (k * (p - unit_cost) / 2) ** 2, atol=0.5)  # 16, 64 and 144 euros
ax.set_xlabel("ad spend s (euros per day)")
ax.set_ylabel("profit per day (euros)")
ax.grid(True)
ax.legend()
plt.show()

# %% [markdown]
# ## 2. The gradient by hand
#
# Each partial derivative freezes the other variable. Freezing $s$, the product rule on
# $(p - c)(a - b\,p + k\sqrt{s})$ gives
#
# $$
# \frac{\partial \pi}{\partial p} = (a - b\,p + k\sqrt{s}) - b\,(p - c) = a + b\,c - 2b\,p + k\sqrt{s} .
# $$
#
# Freezing $p$, the margin $p - c$ is a constant, the derivative of $\sqrt{s}$ is
# $1 / (2\sqrt{s})$, and the $-s$ contributes $-1$:
#
# $$
# \frac{\partial \pi}{\partial s} = \frac{k\,(p - c)}{2\sqrt{s}} - 1 .
# $$
#
# Read the second one in words: one more euro of ads brings $k/(2\sqrt{s})$ extra sales, each
# worth the margin $p - c$, and costs one euro. We check both formulas against central finite
# differences at a few points ($s > 0$, since $\sqrt{s}$ has no derivative at $0$).


# %%
def gradient(v):
    p, s = v
    return np.array(
        [a + b * unit_cost - 2 * b * p + k * np.sqrt(s), k * (p - unit_cost) / (2 * np.sqrt(s)) - 1]
    )


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
    print(
        f"{str(point):>14} {exact[0]:>10.4f} {exact[1]:>9.4f} {approx[0]:>10.4f} {approx[1]:>9.4f}"
    )
    assert np.allclose(exact, approx, atol=1e-5)

# %% [markdown]
# ## 3. The optimum, analytically
#
# At an interior maximum both partial derivatives are zero. The second equation,
# $\partial \pi / \partial s = 0$, gives the best ad spend **for a given price**:
#
# $$
# \sqrt{s} = \frac{k\,(p - c)}{2} .
# $$
#
# Substituting it into $\partial \pi / \partial p = 0$ leaves one equation in $p$:
# $a + b\,c - 2b\,p + \frac{k^2}{2}(p - c) = 0$, so
#
# $$
# p^* = \frac{2a + 2b\,c - k^2 c}{4b - k^2}, \qquad s^* = \left(\frac{k\,(p^* - c)}{2}\right)^2 .
# $$
#
# With our numbers: $p^* = (200 + 40 - 16) / (20 - 4) = 14$ euros and
# $s^* = (2 \times 10 / 2)^2 = 100$ euros a day.
#
# **A cleaner way to see it.** Write $t = \sqrt{s}$ (think of it as "ad reach"). Then
# $\pi = (p - c)(a - b\,p + k\,t) - t^2$ is a quadratic in $(p, t)$, and its gradient is
# *linear*:
#
# $$
# \frac{\partial \pi}{\partial p} = a + b\,c - 2b\,p + k\,t, \qquad \frac{\partial \pi}{\partial t} = k\,(p - c) - 2t .
# $$
#
# Setting both to zero is a 2-by-2 linear system, which `np.linalg.solve` handles:
#
# $$
# \begin{bmatrix} 2b & -k \\ k & -2 \end{bmatrix} \begin{bmatrix} p \\ t \end{bmatrix} = \begin{bmatrix} a + b\,c \\ k\,c \end{bmatrix} .
# $$
#
# The matrix of second derivatives in $(p, t)$, the **Hessian**, is the constant
# $\mathbf{H} = \begin{bmatrix} -2b & k \\ k & -2 \end{bmatrix}$. If both its eigenvalues are
# negative, $\pi$ curves downwards in every direction, like a one-variable function with a
# negative second derivative, and the stationary point is the global maximum. That happens
# exactly when $4b > k^2$: advertising must not be so powerful that spending more always pays.

# %%
p_star = (2 * a + 2 * b * unit_cost - k**2 * unit_cost) / (4 * b - k**2)
s_star = (k * (p_star - unit_cost) / 2) ** 2

M = np.array([[2 * b, -k], [k, -2.0]])
rhs = np.array([a + b * unit_cost, k * unit_cost])
p_solved, t_solved = np.linalg.solve(M, rhs)

H = np.array([[-2 * b, k], [k, -2.0]])
eigenvalues = np.linalg.eigvalsh(H)

print(f"closed form:      p* = {p_star:.4f}, s* = {s_star:.4f}")
print(f"np.linalg.solve:  p* = {p_solved:.4f}, s* = t*^2 = {t_solved**2:.4f}")
print(f"Hessian eigenvalues: {np.round(eigenvalues, 4)}")
sold, best_profit = demand(p_star, s_star), profit(p_star, s_star)
print(f"at the optimum: {sold:.0f} sold, profit {best_profit:.2f} euros a day")

assert np.isclose(p_star, 14) and np.isclose(s_star, 100)
assert np.allclose([p_solved, t_solved**2], [p_star, s_star])
assert np.all(eigenvalues < 0) and 4 * b > k**2
assert np.allclose(gradient(np.array([p_star, s_star])), 0)
assert np.isclose(profit(p_star, s_star), 400)

# %% [markdown]
# Advertising raises the best profit from 320 to 400 euros a day, and it also raises the best
# price from 12 to 14 euros: the ads bring in customers, and with more demand the shop can
# afford to charge more. At the optimum the last euro of ads returns exactly one euro of margin,
# which is what $\partial \pi / \partial s = 0$ says.
#
# A brute-force grid over prices 10 cents apart and ad budgets 1 euro apart, 141 by 301 = 42,441
# profit evaluations, is a fully independent check:

# %%
P_grid, S_grid = np.meshgrid(np.arange(6.0, 20.05, 0.1), np.arange(0.0, 300.5, 1.0))
profits_grid = profit(P_grid, S_grid)
row, col = np.unravel_index(np.argmax(profits_grid), profits_grid.shape)
print(
    f"grid search: p = {P_grid[row, col]:.1f}, s = {S_grid[row, col]:.0f}, "
    f"profit {profits_grid[row, col]:.2f} ({P_grid.size} evaluations)"
)
assert np.isclose(P_grid[row, col], p_star) and np.isclose(S_grid[row, col], s_star)

# %%
# Figure: contour plot of daily profit over price and ad spend, with a single peak at price 14 and ad spend 100; a dashed curve where the price derivative is zero and a dotted curve where the ad-spend derivative is zero cross exactly at the peak
fig, ax = plt.subplots(figsize=(6, 4.5))
levels = [0, 100, 200, 300, 350, 380, 395]
lines = ax.contour(P_grid, S_grid, profits_grid, levels=levels, cmap="viridis")
ax.clabel(lines, fontsize=8)
t_line = np.linspace(0, 17, 200)
ax.plot(
    (a + b * unit_cost + k * t_line) / (2 * b),
    t_line**2,
    "--",
    color="C3",
    label="price derivative = 0",
)
p_line = np.linspace(unit_cost, 20, 200)
ax.plot(
    p_line,
    (k * (p_line - unit_cost) / 2) ** 2,
    ":",
    color="C1",
    linewidth=2,
    label="ad-spend derivative = 0",
)
ax.plot(p_star, s_star, "*", color="C3", markersize=15, label="optimum (14, 100)")
ax.set_xlim(6, 20)
ax.set_ylim(0, 300)
ax.set_xlabel("price p (euros)")
ax.set_ylabel("ad spend s (euros per day)")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# Each curve is where *one* partial derivative vanishes: along the dashed curve you cannot
# improve profit by changing the price alone, along the dotted one not by changing the ad spend
# alone. Only where they cross is the gradient the zero vector.

# %% [markdown]
# ## 4. Gradient ascent, straight
#
# Now pretend we had no formula, as in machine learning. Gradient ascent takes steps uphill,
#
# $$
# \begin{bmatrix} p \\ s \end{bmatrix} \leftarrow \begin{bmatrix} p \\ s \end{bmatrix} + \eta\, \nabla \pi(p, s) ,
# $$
#
# from a start of 8 euros and 25 euros of ads a day. The step size $\eta$ cannot be large: in the
# price direction the profit curves down with second derivative $-2b = -10$, and for a
# one-variable quadratic like that a step size above $2/10$ overshoots further each time. We
# take $\eta = 0.1$ and record the path.


# %%
def gradient_ascent(grad, start, step_size, steps, tolerance=1e-8):
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        g = grad(path[-1])
        if np.linalg.norm(g) < tolerance:
            break
        path.append(path[-1] + step_size * g)
    return np.array(path)


start = np.array([8.0, 25.0])
path_ps = gradient_ascent(gradient, start, step_size=0.1, steps=20_000)
assert np.all(path_ps[:, 1] > 0)  # the ad spend stayed positive, so sqrt(s) was always defined

print(f"{'step':>6} {'price':>8} {'ad spend':>9} {'profit':>8}")
for step in [0, 10, 100, 1000, 5000, 20_000]:
    p, s = path_ps[step]
    print(f"{step:>6} {p:>8.3f} {s:>9.3f} {profit(p, s):>8.3f}")

assert np.isclose(path_ps[10, 0], p_star, atol=1.0)  # the price is nearly right early on ...
assert abs(path_ps[1000, 1] - s_star) > 30  # ... the ad spend is far off after 1000 steps
assert np.allclose(path_ps[-1], [p_star, s_star], atol=0.05)

# %% [markdown]
# The price gets close to 14 within ten steps. The ad spend **crawls**: after 1000 steps it is
# still far from 100, and it takes twenty thousand steps to get close. Why? Look at the
# curvature in each direction at the optimum. We estimate the Hessian in $(p, s)$ with finite
# differences of the gradient.


# %%
def numerical_hessian(grad, v, h=1e-4):
    columns = []
    for i in range(len(v)):
        step = np.zeros(len(v))
        step[i] = h
        columns.append((grad(v + step) - grad(v - step)) / (2 * h))
    return np.array(columns).T


H_ps = numerical_hessian(gradient, np.array([p_star, s_star]))
eig_ps = np.linalg.eigvalsh(H_ps)
print("Hessian in (p, s) at the optimum:")
for row_values in H_ps:
    print("   " + "".join(f"{value:>10.4f}" for value in row_values))
print(f"its eigenvalues: {eig_ps[0]:.4f} and {eig_ps[1]:.4f}")
assert np.isclose(H_ps[0, 0], -10) and np.isclose(H_ps[1, 1], -0.005, atol=1e-6)
assert np.allclose(eig_ps, [-10.001, -0.004], atol=5e-4)

# %% [markdown]
# Profit curves down 2000 times more sharply along the price axis ($-10$) than along the
# ad-spend axis ($-0.005$), and the eigenvalues (the curvatures along the Hessian's own
# directions) are even further apart, about $-10$ and $-0.004$. A single step size has to suit
# the sharpest direction, or the price overshoots. In the flat direction that same step size is
# tiny compared with what the curvature allows: each step removes only about
# $0.1 \times 0.004 = 0.04\%$ of the remaining error there. This is called **poor
# conditioning**, and it is the same long, narrow valley that makes neural networks train
# slowly when their input features are on wildly different scales.

# %% [markdown]
# ## 5. Gradient ascent, after a change of variables
#
# The cure is to measure advertising on a scale where profit curves about as much as it does
# in price. The variable $t = \sqrt{s}$ from section 3 does it: in $(p, t)$ the profit is a
# quadratic whose Hessian $\mathbf{H}$ has eigenvalues of about $-10.5$ and $-1.5$, a ratio of 7
# instead of about 2500 for the eigenvalues in $(p, s)$. As a bonus, $s = t^2$ can never go
# negative.
#
# The gradient in $(p, t)$ follows from the one in $(p, s)$ by the chain rule:
# $\frac{\partial \pi}{\partial t} = \frac{\partial \pi}{\partial s} \cdot \frac{ds}{dt} = \frac{\partial \pi}{\partial s} \cdot 2t$,
# which simplifies to $k\,(p - c) - 2t$, as in section 3. We check that too.


# %%
def gradient_pt(v):
    p, t = v
    return np.array([a + b * unit_cost - 2 * b * p + k * t, k * (p - unit_cost) - 2 * t])


for point in [(8.0, 5.0), (14.0, 10.0), (18.0, 3.0)]:
    p, t = point
    via_chain_rule = gradient(np.array([p, t**2])) * np.array([1.0, 2 * t])
    assert np.allclose(gradient_pt(np.array(point)), via_chain_rule)
    assert np.allclose(
        gradient_pt(np.array(point)),
        numerical_gradient(lambda v: profit(v[0], v[1] ** 2), np.array(point)),
        atol=1e-5,
    )

path_pt = gradient_ascent(gradient_pt, np.array([8.0, np.sqrt(25.0)]), step_size=0.1, steps=20_000)
p_end, t_end = path_pt[-1]
print(f"steps taken: {len(path_pt) - 1}")
print(f"end point: p = {p_end:.6f}, s = t^2 = {t_end**2:.6f}")
print(f"profit there: {profit(p_end, t_end**2):.6f}")
assert 100 < len(path_pt) - 1 < 150
assert np.allclose([p_end, t_end**2], [p_star, s_star], atol=1e-6)
assert np.allclose(np.linalg.eigvalsh(H), [-10.472, -1.528], atol=1e-3)
assert 6.5 < eigenvalues[0] / eigenvalues[1] < 7.5  # a ratio of about 7 ...
assert round(eig_ps[0] / eig_ps[1], -2) == 2500  # ... instead of about 2500 in (p, s)

# %% [markdown]
# Same algorithm, same step size, same starting point: just over a hundred steps instead of
# twenty thousand, and a far more accurate answer. Nothing about the optimum changed, only the
# coordinates we walk in.

# %%
# Figure: contour plot of daily profit over price and ad spend with both gradient ascent paths from the start (8, 25); both first move right to a price near 13 and then climb the ridge to the peak at (14, 100), but the path in price and square root of ad spend arrives in 125 steps, while the path in price and ad spend is marked far below the peak after 125 and 1000 steps and still short of it after 5000
fig, ax = plt.subplots(figsize=(6, 4.5))
lines = ax.contour(P_grid, S_grid, profits_grid, levels=levels, cmap="viridis")
ax.clabel(lines, fontsize=8)
n_fast = len(path_pt) - 1
ax.plot(
    path_ps[:, 0], path_ps[:, 1], "-", color="C1", linewidth=4, alpha=0.5, label="ascent in (p, s)"
)
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
# Both paths first fix the price (the steep direction), then travel along the ridge towards the
# peak. In $(p, t)$ that second leg takes a few dozen steps; in $(p, s)$ it takes almost all of
# the twenty thousand, as the diamonds show. Notice also that the gradient in $(p, s)$
# is perpendicular to the contours *only when both axes use the same units*: stretch one axis
# and the picture of "steepest" changes. That is exactly why rescaling the variables changes
# how gradient ascent behaves, and why normalising input features matters so much in
# machine learning.

# %% [markdown]
# ## Try it yourself
#
# 1. **A log model.** Replace $k\sqrt{s}$ by $k \log(1 + s)$ with $k = 15$. Derive the new
#    gradient, check it with `numerical_gradient`, and find the optimum by gradient ascent.
#    There is no tidy closed form now: confirm your answer with the grid search and by checking
#    that the gradient is close to zero there. (Tip: ascend in $(p, u)$ with $u = \log(1 + s)$.)
# 2. **Per-coordinate step sizes.** Instead of changing variables, give each coordinate its own
#    step size: $\eta_p = 0.1$ for the price and a much larger $\eta_s$ for the ad spend. How
#    large can $\eta_s$ be before the ascent misbehaves, and how many steps does it then need?
#    (Optimisers such as Adam choose per-coordinate step sizes automatically.)
# 3. **Too powerful ads.** Set $k = 5$, so that $k^2 > 4b$. What do the Hessian's eigenvalues
#    say now? Run gradient ascent in $(p, t)$ and describe what happens to the price and the
#    ad spend. Is the model still believable?
# 4. **A budget cap.** The marketing budget is capped at 49 euros a day. Use the price rule
#    from $\partial \pi / \partial p = 0$, that is $p = (a + b\,c + k\sqrt{s})/(2b)$, at
#    $s = 49$ to find the best price, and check it with a grid search restricted to
#    $s \le 49$. Is the cap binding, and how much profit does it cost?

# %% [markdown]
# ## Summary
#
# - With two decision variables, set **both** partial derivatives to zero: here that gives
#   $p^* = 14$ euros and $s^* = 100$ euros a day, for a profit of 400 euros a day.
# - A change of variables ($t = \sqrt{s}$) turned the problem into a quadratic whose gradient
#   is linear, so $\nabla \pi = \mathbf{0}$ became a 2-by-2 `np.linalg.solve`; negative
#   Hessian eigenvalues confirmed a maximum.
# - Gradient ascent finds the same point without formulas, but a single step size must suit the
#   most sharply curved direction; when the curvatures differ by a factor of about 2500, the
#   flat direction crawls.
# - Rescaling the variables so the curvatures are similar (here $t = \sqrt{s}$) made the same
#   algorithm converge in just over a hundred steps instead of twenty thousand. Feature normalisation and
#   adaptive optimisers attack the same problem in machine learning.
