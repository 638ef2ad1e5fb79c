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
# # Lab: price optimiser
#
# Airlines, ride-hailing apps and online shops all set prices with software. At its core,
# every pricing engine does the same three things: learn from data how demand responds to
# price, write profit as a function of price, and find the price where that function peaks.
#
# In this lab you build a small pricing engine for one product, a reusable water bottle sold
# online, from scratch:
#
# 1. fit a **linear demand model** to the results of a (simulated) price experiment;
# 2. find the profit-maximising price **by calculus**, with the closed form from the lesson
#    on optimising one variable;
# 3. find it again by **gradient ascent**, a loop that only ever looks at the slope, and check
#    that the two answers agree;
# 4. study the **step size**: too small is slow, too large oscillates or blows up;
# 5. repeat with a second demand model, **constant elasticity**, and see how much the answer
#    depends on the model.
#
# Gradient ascent is overkill for one variable with a formula. It is here because it is the
# same loop that trains neural networks, where no formula exists, and one variable is the
# best place to see exactly how it behaves. Run the cells in order; everything is generated
# here, with no downloads and no data files.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. A price experiment
#
# The shop tried eight prices, from 12 to 26 euros, each for one week, and counted the
# bottles sold. We simulate that experiment: the "true" weekly demand is
# $400 - 12p$ at price $p$, plus random noise (customers are not a formula). A seeded
# generator makes the numbers the same on every run. In real life you would only ever see the
# `sales` column, never the true demand.

# %%
rng = np.random.default_rng(0)
prices_tested = np.array([12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0])
true_a, true_b = 400.0, 12.0
sales = np.round(true_a - true_b * prices_tested + rng.normal(0, 12, size=prices_tested.size))
unit_cost = 6.0  # euros to make and ship one bottle

print("price (euros)  bottles sold")
for p, q in zip(prices_tested, sales):
    print(f"{p:>13.0f}  {q:>12.0f}")

# %% [markdown]
# ## 2. Fit the linear demand model
#
# The linear demand model says that at price $p$ the shop sells
#
# $$
# q(p) = a - b\,p
# $$
#
# bottles, where $a$ is the demand at price zero and $b$ is the number of sales lost per extra
# euro. Fitting a straight line by least squares gives the slope as the ratio of a covariance
# to a variance, and the intercept from the means:
#
# $$
# -b = \frac{\sum_i (p_i - \bar{p})(q_i - \bar{q})}{\sum_i (p_i - \bar{p})^2}, \qquad a = \bar{q} + b\,\bar{p} ,
# $$
#
# where $\bar{p}$ and $\bar{q}$ are the mean price and mean sales. We compute this by hand and
# check it against NumPy's general least-squares solver, `np.linalg.lstsq`, which fits
# `sales ≈ X @ [a, -b]` for the design matrix `X` with a column of ones and a column of prices.

# %%
p_mean, q_mean = prices_tested.mean(), sales.mean()
slope = np.sum((prices_tested - p_mean) * (sales - q_mean)) / np.sum((prices_tested - p_mean) ** 2)
b_hat = -slope
a_hat = q_mean + b_hat * p_mean

X = np.column_stack([np.ones_like(prices_tested), prices_tested])
coef, *_ = np.linalg.lstsq(X, sales, rcond=None)
assert np.allclose(coef, [a_hat, -b_hat]), "hand formula and np.linalg.lstsq disagree"

print(f"fitted demand: q(p) = {a_hat:.2f} - {b_hat:.3f} p")
print(f"true demand:   q(p) = {true_a:.2f} - {true_b:.3f} p")

# %% [markdown]
# The fit is close to the truth but not equal to it: eight noisy weeks cannot pin the line down
# exactly. From here on the engine only uses the fitted `a_hat` and `b_hat`, as a real one
# would.

# %%
# Figure: the eight weekly sales counts against price, scattered around the fitted straight demand line, which falls from about 250 bottles at 12 euros to about 100 at 26 euros
fig, ax = plt.subplots(figsize=(6, 4))
line_p = np.linspace(10, 28, 2)
ax.plot(prices_tested, sales, "o", color="C0", label="price experiment")
ax.plot(line_p, a_hat - b_hat * line_p, color="C1", label="fitted linear demand")
ax.set_xlabel("price p (euros)")
ax.set_ylabel("bottles sold per week")
ax.grid(True)
ax.legend()
plt.show()

# %% [markdown]
# ## 3. The best price by calculus
#
# Each bottle earns $p - c$, where $c$ is the unit cost, so the weekly profit is
#
# $$
# P(p) = (p - c)(a - b\,p), \qquad P'(p) = a + b\,c - 2b\,p, \qquad P''(p) = -2b .
# $$
#
# Setting $P'(p^*) = 0$ gives the closed form $p^* = (a + b\,c)/(2b)$, and $P'' < 0$ makes it
# the global maximum. We also check the derivative formula against a finite difference, a
# habit worth keeping whenever you type a derivative in by hand.


# %%
def profit(p):
    return (p - unit_cost) * (a_hat - b_hat * p)


def profit_slope(p):
    return a_hat + b_hat * unit_cost - 2 * b_hat * p


h = 1e-6
for p in [8.0, 15.0, 22.0, 30.0]:
    finite_difference = (profit(p + h) - profit(p - h)) / (2 * h)
    assert np.isclose(finite_difference, profit_slope(p), atol=1e-4)

p_calculus = (a_hat + b_hat * unit_cost) / (2 * b_hat)
print(f"best price by calculus: {p_calculus:.4f} euros")
print(f"bottles sold there:     {a_hat - b_hat * p_calculus:.1f} per week")
print(f"weekly profit there:    {profit(p_calculus):.2f} euros")

# %% [markdown]
# ## 4. The best price by gradient ascent
#
# Now forget the formula. Gradient ascent starts from any price and repeats one rule: look at
# the slope, and move the price a little in the direction that increases profit,
#
# $$
# p_{k+1} = p_k + \eta\, P'(p_k) ,
# $$
#
# where $\eta > 0$ is the **step size** (in machine learning, the learning rate). Where the
# slope is positive the price goes up, where it is negative the price goes down, and where it
# is zero the price stops moving: exactly at a stationary point. Machine learning usually
# *minimises* a loss and so subtracts the slope (gradient *descent*); maximising profit is the
# same loop with a plus sign.
#
# The function below returns every price it visits, so we can plot the path, and stops when
# the slope is practically zero.


# %%
def gradient_ascent(slope, start, step_size, tolerance=1e-8, max_steps=10_000):
    """Follow the slope uphill from `start`; return the array of visited points."""
    path = [start]
    for _ in range(max_steps):
        p = path[-1]
        g = slope(p)
        if abs(g) < tolerance or not np.isfinite(p) or abs(p) > 1e6:
            break
        path.append(p + step_size * g)
    return np.array(path)


path = gradient_ascent(profit_slope, start=8.0, step_size=0.02)
p_ascent = path[-1]

print(f"steps taken:            {len(path) - 1}")
print(f"first prices visited:   {np.round(path[:6], 3)}")
print(f"best price by ascent:   {p_ascent:.4f} euros")
print(f"best price by calculus: {p_calculus:.4f} euros")
assert np.isclose(p_ascent, p_calculus, atol=1e-6), "gradient ascent did not find the optimum"
assert round(p_calculus, 2) == 20.37

# %% [markdown]
# Two methods, one answer. A third, fully independent check: a brute-force grid search over
# prices one cent apart.

# %%
grid = np.arange(6.0, 33.0, 0.01)
p_grid = grid[np.argmax(profit(grid))]
print(f"best price on a 1-cent grid: {p_grid:.2f} euros")
assert abs(p_grid - p_calculus) <= 0.005 + 1e-9

# %%
# Figure: weekly profit against price, a hill peaking at the best price of about 20.37 euros, with the gradient ascent path starting at 8 euros and climbing the hill in shrinking steps to the peak
fig, ax = plt.subplots(figsize=(6, 4))
curve_p = np.linspace(4, 36, 400)
ax.plot(curve_p, profit(curve_p), color="C0", label="profit P(p)")
ax.plot(
    path[:12],
    profit(path[:12]),
    "o-",
    color="C1",
    markersize=4,
    label="gradient ascent, first 11 steps",
)
ax.plot(
    p_calculus,
    profit(p_calculus),
    "*",
    color="C3",
    markersize=16,
    label=f"optimum p* = {p_calculus:.2f}",
)
ax.axvspan(prices_tested.min(), prices_tested.max(), color="C7", alpha=0.15, label="prices tested")
ax.axhline(0, color="C7", linewidth=0.8)
ax.set_xlabel("price p (euros)")
ax.set_ylabel("profit per week (euros)")
ax.set_ylim(-500, 3600)
ax.grid(True)
ax.legend(loc="upper center", ncol=2, fontsize=8)
plt.show()

# %% [markdown]
# The first steps are long, because far from the peak the slope is steep; they shrink as the
# slope flattens. Gradient ascent never needs to know where the peak is; it just keeps
# walking uphill until the ground is flat.

# %% [markdown]
# ## 5. The step size
#
# How big should $\eta$ be? For this profit function we can answer exactly. The slope is a
# straight line that is zero at $p^*$: $P'(p) = -2b\,(p - p^*)$. Write $e_k = p_k - p^*$ for
# the distance from the optimum after $k$ steps. One step of gradient ascent gives
#
# $$
# e_{k+1} = e_k - 2b\,\eta\, e_k = (1 - 2b\,\eta)\, e_k ,
# $$
#
# so the error is multiplied by the same factor $r = 1 - 2b\,\eta$ at every step:
#
# - $0 < r < 1$ (small $\eta$): the error shrinks steadily, slowly if $r$ is close to 1;
# - $r = 0$, that is $\eta = 1/(2b)$: the first step lands exactly on $p^*$;
# - $-1 < r < 0$: each step overshoots to the other side of the peak, but by less each time;
# - $r = -1$, that is $\eta = 1/b$: the price jumps between $p^* - e_0$ and $p^* + e_0$
#   forever, neither closer nor further;
# - $r < -1$, that is $\eta > 1/b$: the overshoots grow and the method **diverges**.
#
# Note that $2b = |P''|$: the safe step size is set by the curvature. This is why learning
# rates have to be tuned, and why curvature (the second derivative, later the Hessian) keeps
# coming back in optimisation. We try five step sizes and count the steps each needs to get
# within a millionth of a euro of $p^*$.

# %%
step_sizes = [0.002, 0.02, 1 / (2 * b_hat), 0.085, 0.095]
paths = {}
print(f"1/(2b) = {1 / (2 * b_hat):.4f}   1/b = {1 / b_hat:.4f}")
print(f"{'step size':>10} {'factor r':>9}  result")
for eta in step_sizes:
    run = gradient_ascent(profit_slope, start=8.0, step_size=eta, max_steps=1000)
    paths[eta] = run
    r = 1 - 2 * b_hat * eta
    errors = np.abs(run - p_calculus)
    close = np.flatnonzero(errors < 1e-6)  # the steps at which the price is within 1e-6 euros
    if close.size:
        plural = "s" if close[0] != 1 else ""
        result = f"within a millionth of a euro after {close[0]} step{plural}"
    else:
        result = f"diverged: {errors[-1]:.3g} euros off after {len(run) - 1} steps"
    print(f"{eta:>10.4f} {r:>9.3f}  {result}")
    if eta < 1 / b_hat:
        assert close.size and np.isclose(run[-1], p_calculus, atol=1e-6)
        # the error is multiplied by the predicted factor r at every step
        k = min(3, len(run) - 1)
        assert np.allclose(run[1 : k + 1] - p_calculus, r * (run[:k] - p_calculus))
    else:
        assert not close.size

assert np.isclose(paths[1 / (2 * b_hat)][1], p_calculus)  # one step lands on the optimum
edge = gradient_ascent(profit_slope, start=8.0, step_size=1 / b_hat, max_steps=1000)
assert len(edge) == 1001  # r = -1: no convergence, no divergence, just bouncing
assert np.allclose(edge - p_calculus, (8.0 - p_calculus) * (-1.0) ** np.arange(1001))

# %%
# Figure: distance from the optimum against step number on a log scale for five step sizes; the tiny step size decreases slowly, the moderate and the exact one-step size reach the optimum quickly, a step size of 0.085 oscillates and converges slowly, and 0.095 grows without limit
fig, ax = plt.subplots(figsize=(6, 4))
for colour, eta in zip(["C0", "C1", "C2", "C3", "C4"], step_sizes):
    errors = np.abs(paths[eta] - p_calculus)
    # the one-step size hits the optimum: keep the log scale finite
    errors = np.maximum(errors, 1e-12)
    ax.semilogy(errors[:60], "o-", color=colour, markersize=3, label=f"step size {eta:.4f}")
ax.set_xlabel("step k")
ax.set_ylabel("distance from the optimum (euros)")
ax.set_ylim(1e-12, 1e4)
ax.grid(True)
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# On the log scale a constant factor per step is a straight line: the steeper the line
# downwards, the faster the convergence. The step size $1/(2b)$ is special: it divides the
# slope by the curvature, which is exactly what **Newton's method** does, and for a quadratic
# it jumps to the optimum in one step. For a neural network's loss nobody knows the curvature
# in advance, so the learning rate is found by trial, and optimisers such as Adam adapt it as
# they go.

# %% [markdown]
# ## 6. A second demand model: constant elasticity
#
# A straight demand line has a drawback: it predicts *negative* sales above $a/b$ euros. A
# popular alternative in economics is **constant elasticity** demand,
#
# $$
# q(p) = A\,p^{-\varepsilon} ,
# $$
#
# where $A > 0$ sets the scale and $\varepsilon > 0$ is the *price elasticity*: a 1% price rise
# loses about $\varepsilon$% of sales, at every price. Taking logs turns it into a straight
# line, $\log q = \log A - \varepsilon \log p$, so we can fit it to the same experiment by least
# squares on the logs.
#
# Maximising profit $P(p) = (p - c)\,A\,p^{-\varepsilon}$ is easiest in logs too. The logarithm
# is increasing, so $\log P$ peaks at the same price as $P$ (the same reason machine learning
# maximises a log-likelihood instead of a likelihood). Writing $u = \log p$ for the log-price,
#
# $$
# \log P = \log(e^{u} - c) + \log A - \varepsilon\,u, \qquad \frac{d \log P}{d u} = \frac{p}{p - c} - \varepsilon .
# $$
#
# The scale $A$ has vanished from the slope. Setting it to zero gives $p = \varepsilon(p - c)$,
# so
#
# $$
# p^* = \frac{\varepsilon\, c}{\varepsilon - 1} ,
# $$
#
# which only exists when $\varepsilon > 1$: with less elastic demand, raising the price always
# raises profit, and the model has no optimum at all.

# %%
L = np.column_stack([np.ones_like(prices_tested), np.log(prices_tested)])
(log_A, minus_eps), *_ = np.linalg.lstsq(L, np.log(sales), rcond=None)
A_hat, eps_hat = np.exp(log_A), -minus_eps
assert eps_hat > 1, "no optimum: demand is too inelastic"
p_star_ce = eps_hat * unit_cost / (eps_hat - 1)
print(f"fitted elasticity:           {eps_hat:.3f}")
print(f"best price by calculus:      {p_star_ce:.3f} euros")


def profit_ce(p):
    return (p - unit_cost) * A_hat * p ** (-eps_hat)


def log_profit_slope(u):
    p = np.exp(u)
    return p / (p - unit_cost) - eps_hat


u = np.log(20.0)  # the log-slope formula, checked by a finite difference
fd = (np.log(profit_ce(np.exp(u + 1e-6))) - np.log(profit_ce(np.exp(u - 1e-6)))) / 2e-6
assert np.isclose(fd, log_profit_slope(u), atol=1e-6)

path_ce = np.exp(gradient_ascent(log_profit_slope, start=np.log(20.0), step_size=1.0))
print(f"best price by ascent (logs): {path_ce[-1]:.3f} euros after {len(path_ce) - 1} steps")
assert np.isclose(path_ce[-1], p_star_ce, atol=1e-5)
grid_ce = np.arange(7.0, 80.0, 0.01)
assert abs(grid_ce[np.argmax(profit_ce(grid_ce))] - p_star_ce) <= 0.005 + 1e-9

# %% [markdown]
# Both methods agree again, but look at the answer: about 38 euros, far above the highest
# price the shop ever tested (26 euros). Which model should the shop believe? Compare how well
# each fits the data it actually has, with the root mean squared error of the predicted sales.

# %%
rmse_linear = np.sqrt(np.mean((sales - (a_hat - b_hat * prices_tested)) ** 2))
rmse_ce = np.sqrt(np.mean((sales - A_hat * prices_tested ** (-eps_hat)) ** 2))
print(f"fit error, linear demand:              {rmse_linear:.1f} bottles")
print(f"fit error, constant-elasticity demand: {rmse_ce:.1f} bottles")
print(f"linear model recommends {p_calculus:.2f} euros, constant elasticity {p_star_ce:.2f} euros")
assert rmse_linear < rmse_ce
assert 37 < p_star_ce < 39
assert prices_tested.min() < p_calculus < prices_tested.max() < p_star_ce

tested = np.linspace(prices_tested.min(), prices_tested.max(), 141)
gap = np.abs(profit(tested) - profit_ce(tested))
print(
    f"largest profit gap between the models over the tested prices: {gap.max():.0f} euros "
    f"({np.max(gap / profit(tested)):.0%})"
)
print(f"linear model: no sales at all above {a_hat / b_hat:.2f} euros")
gain = profit_ce(p_star_ce) / profit_ce(prices_tested.max()) - 1
print(f"constant elasticity: moving from 26 to {p_star_ce:.2f} euros gains {gain:.1%} profit")
assert gap.max() < 300 and np.max(gap / profit(tested)) < 0.15
assert a_hat / b_hat < p_star_ce and profit(p_star_ce) < 0
assert gain < 0.02

# %%
# Figure: weekly profit against price under the two fitted demand models; they are similar over the tested prices from 12 to 26 euros, but the linear model peaks at about 20 euros inside that range and falls to zero near 35 euros, while the constant-elasticity model rises to an almost flat peak near 38 euros, far outside it
fig, ax = plt.subplots(figsize=(6, 4))
curve_p = np.linspace(7, 50, 400)
ax.plot(curve_p, profit(curve_p), color="C0", label="linear demand")
ax.plot(curve_p, profit_ce(curve_p), color="C1", label="constant-elasticity demand")
ax.plot(p_calculus, profit(p_calculus), "*", color="C0", markersize=14)
ax.plot(p_star_ce, profit_ce(p_star_ce), "*", color="C1", markersize=14)
ax.axvspan(prices_tested.min(), prices_tested.max(), color="C7", alpha=0.15, label="prices tested")
ax.set_xlabel("price p (euros)")
ax.set_ylabel("profit per week (euros)")
ax.set_ylim(0, 3000)
ax.grid(True)
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Inside the tested range the two models tell a similar story: their profit predictions differ
# by less than 15%. Beyond it they part ways completely. The linear model predicts no sales at
# all above about 35 euros, so at 38 euros it expects to sell nothing; the constant-elasticity curve is
# so flat up there that, by its own account, moving from 26 to 38 euros would gain only about 2%.
#
# The data fit the straight line better, and the constant-elasticity optimum is an
# **extrapolation**: the model is trusted where it has never seen a single sale, to promise a
# small gain. The optimiser did its job perfectly both times; the risk lies in the model. The
# honest next step for the shop is another experiment, at prices between 26 and 40 euros.

# %% [markdown]
# ## Try it yourself
#
# 1. **A price cap.** A marketplace forbids prices above 18 euros. Where is the best allowed
#    price, and what is the slope of the profit there? Modify `gradient_ascent` to clip the
#    price to the interval $[c, 18]$ after every step (*projected* gradient ascent) and check
#    that it stops at the cap.
# 2. **Learning-rate hunting.** Without using the formula $1/b$, find the largest step size
#    that still converges by bisection: start from the interval $[0.01, 0.2]$ and run
#    `gradient_ascent` at the midpoint to decide which half to keep. Compare your answer with
#    `1 / b_hat`.
# 3. **Another product.** Simulate the experiment from constant-elasticity demand instead,
#    e.g. `sales = np.round(300_000 * prices_tested ** -2.5 * np.exp(rng.normal(0, 0.05, 8)))`,
#    refit both models and compare their fit errors and recommended prices. Which model wins
#    now? What does the linear model recommend?
# 4. **Noise.** Rerun the experiment with different seeds (`default_rng(1)`, `default_rng(2)`,
#    ...) and record $p^*$ for the linear model each time. How much does the recommended price
#    move from noise alone? How many weeks of data would you want before trusting it to the
#    nearest euro?

# %% [markdown]
# ## Summary
#
# - A pricing engine is a model of demand plus an optimiser: fit $q(p)$ from data, write
#   profit $P(p) = (p - c)\,q(p)$, and find where $P'(p) = 0$.
# - For linear demand the calculus answer is $p^* = (a + b\,c)/(2b)$; gradient ascent
#   $p \leftarrow p + \eta P'(p)$ and a grid search agree with it.
# - The step size decides everything: the error is multiplied by $1 - 2b\,\eta$ at each step,
#   so it converges for $0 < \eta < 1/b$, lands in one step at $\eta = 1/(2b)$, bounces
#   forever at exactly $1/b$ and diverges beyond. The safe step is set by the curvature.
# - Working with logarithms can make an optimisation cleaner without moving the optimum: for
#   constant-elasticity demand the slope of log-profit in log-price is $p/(p - c) - \varepsilon$
#   and $p^* = \varepsilon c / (\varepsilon - 1)$.
# - An optimum is only as trustworthy as the model behind it; an optimum outside the range of
#   the data is an extrapolation, and the cure is more data there.
