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
# Airlines, ride-hailing apps and online shops set prices with software, and at its core every
# pricing engine does three things: learn from data how demand responds to price, write profit
# as a function of price, and find the price where that function peaks. In this lab you build
# a small pricing engine for one product, a reusable water bottle sold online: you fit a demand
# model to a noisy price experiment, choose the price by calculus and by **gradient ascent** (a
# loop that only ever looks at the slope), find out which step sizes make that loop work, obey
# a price cap, and test how much the answer depends on the demand model.
#
# **Follows:** [Optimising one variable](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/),
# in particular [the profit example by hand](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#the-profit-example-by-hand)
# (the closed form for the best price) and
# [endpoints of an interval](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#endpoints-of-an-interval).
# Gradient ascent is introduced here in one variable; the lesson
# [gradient descent](https://mathforml.github.io/mathforml/calculus/gradient-descent/) takes
# it further later.
#
# **The tasks:**
#
# 1. Fit a straight demand line to the experiment by least squares.
# 2. Find the best price for the fitted model, and what the estimation error costs.
# 3. Write gradient ascent and let it find the same price.
# 4. Predict, then check, which step sizes converge, oscillate, bounce for ever or diverge.
# 5. Obey a price cap with projected gradient ascent.
# 6. Fit a second demand model, constant elasticity, and decide which price to recommend.
#
# **How to work:** each task says what to write, with a function signature or a hint. Write
# your own answer in a new cell first (in Jupyter, press `Esc` and then `B` to add a cell below
# the selected one), run it, and only then read the solution that follows. Each solution ends
# with a few `assert`s that check its results. The notebook runs top to bottom in a few
# seconds; all the data is simulated here, with no downloads.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## The price experiment
#
# The shop tried eight prices, each for one week, and counted the bottles sold. We simulate
# that experiment: the "true" weekly demand is $400 - 12p$ bottles at price $p$ euros, plus
# random noise, because customers are not a formula. A seeded generator makes the numbers the
# same on every run. In real life you would only ever see the `sales` column, never the true
# demand. Each bottle costs the shop $c = 6$ euros to make and ship.

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
# ### Task 1: fit the demand line
#
# The linear demand model of the lesson says the shop sells $q(p) = a - b\,p$ bottles a week.
# Write `fit_line(x, y)`, which returns the intercept and slope of the least-squares line
# through the points $(x_i, y_i)$, using
#
# $$
# \text{slope} = \frac{\sum_i (x_i - \bar{x})(y_i - \bar{y})}{\sum_i (x_i - \bar{x})^2}, \qquad \text{intercept} = \bar{y} - \text{slope}\cdot\bar{x},
# $$
#
# where $\bar{x}$ and $\bar{y}$ are the means. Fit it to the experiment, set `a_hat` to the
# intercept and `b_hat` to **minus** the slope, and check your function against NumPy's
# general least-squares solver: `np.linalg.lstsq(design, sales, rcond=None)[0]` with the
# design matrix `design = np.column_stack([np.ones(8), prices_tested])` returns
# `[intercept, slope]`.
# Draw the experiment and your line.

# %% [markdown]
# #### Solution to task 1
#
# The fitted line is close to the true $400 - 12p$ but not equal to it: eight noisy weeks
# cannot pin a line down exactly. From here on the engine only uses `a_hat` and `b_hat`, as a
# real one would.


# %%
def fit_line(x, y):
    """Intercept and slope of the least-squares line through the points (x_i, y_i)."""
    x_mean, y_mean = x.mean(), y.mean()
    slope = np.sum((x - x_mean) * (y - y_mean)) / np.sum((x - x_mean) ** 2)
    return y_mean - slope * x_mean, slope


intercept, slope = fit_line(prices_tested, sales)
a_hat, b_hat = intercept, -slope
design = np.column_stack([np.ones_like(prices_tested), prices_tested])
print(f"fitted demand: q(p) = {a_hat:.2f} - {b_hat:.3f} p")
print(f"true demand:   q(p) = {true_a:.2f} - {true_b:.3f} p")
assert np.allclose(np.linalg.lstsq(design, sales, rcond=None)[0], [intercept, slope])
assert abs(a_hat - true_a) < 20 and abs(b_hat - true_b) < 1

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
# ### Task 2: the best price, and the cost of a noisy estimate
#
# Write `profit(p)`, the weekly profit $P(p) = (p - c)(\hat{a} - \hat{b}\,p)$ under the fitted model,
# and `profit_slope(p)`, its derivative, and compute the best price `p_calculus` with the
# closed form from the lesson's
# [profit example](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#the-profit-example-by-hand).
# Check it with a grid of prices one cent apart.
#
# Then a question the lesson could not ask, because there the demand was known exactly. The
# shop will charge `p_calculus`, but customers follow the *true* demand. Predict first, using
# the lesson's observation that $p^*$ lies midway between $c$ and $a/b$: is `p_calculus` above
# or below the best price for the true demand? Then compute how much weekly profit, under the
# true demand, the shop loses by charging `p_calculus` instead of the true best price.

# %% [markdown]
# #### Solution to task 2
#
# The closed form is $p^* = (a + b\,c)/(2b)$. The fitted $\hat{a}/\hat{b}$ is larger than the
# true $400/12$, so the midpoint, and with it the price, comes out a little high. Yet the
# loss is tiny, well under 1% of the profit: at the top of the hill the slope is zero, so
# profit hardly changes for a small step away from it. A price that is slightly wrong costs
# far less than its error suggests.


# %%
def profit(p):
    return (p - unit_cost) * (a_hat - b_hat * p)


def profit_slope(p):
    return a_hat + b_hat * unit_cost - 2 * b_hat * p


def true_profit(p):
    return (p - unit_cost) * (true_a - true_b * p)


p_calculus = (a_hat + b_hat * unit_cost) / (2 * b_hat)
p_true = (true_a + true_b * unit_cost) / (2 * true_b)
grid = np.arange(6.0, 33.0, 0.01)
p_grid = grid[np.argmax(profit(grid))]
loss = true_profit(p_true) - true_profit(p_calculus)
share = loss / true_profit(p_true)
print(f"best price, fitted model: {p_calculus:.2f} euros (1-cent grid: {p_grid:.2f})")
print(f"best price, true demand:  {p_true:.2f} euros")
print(f"weekly profit lost: {loss:.2f} euros of {true_profit(p_true):.2f} ({share:.2%})")
assert abs(p_grid - p_calculus) <= 0.005 + 1e-9
assert p_calculus > p_true and np.isclose(profit_slope(p_calculus), 0)
assert 0 < share < 0.01

# %% [markdown]
# ### Task 3: gradient ascent
#
# Now forget the formula. Gradient ascent starts from any price and repeats one rule: move the
# price a little in the direction in which profit increases,
#
# $$
# p_{k+1} = p_k + \eta\, P'(p_k) ,
# $$
#
# where $\eta > 0$ is the **step size** (in machine learning, the learning rate). Machine
# learning usually *minimises* a loss and so subtracts the slope (gradient *descent*);
# maximising profit is the same loop with a plus sign.
#
# Write `gradient_ascent(slope, start, step_size, tolerance=1e-8, max_steps=10_000)`, which
# returns a NumPy array of every price it visits, `start` included. It stops when the slope is
# smaller than `tolerance` in absolute value, after `max_steps` steps, or when the price is no
# longer finite or beyond $10^6$ (a blow-up). Run it from 8 euros with step size 0.02 and check
# that it ends at `p_calculus`. Draw the first steps on the profit curve.

# %% [markdown]
# #### Solution to task 3


# %%
def gradient_ascent(slope, start, step_size, tolerance=1e-8, max_steps=10_000):
    """Follow the slope uphill from `start`; return the array of visited points."""
    path = [start]
    for _ in range(max_steps):
        p = path[-1]
        if not np.isfinite(p) or abs(p) > 1e6:
            break
        g = slope(p)
        if abs(g) < tolerance:
            break
        path.append(p + step_size * g)
    return np.array(path)


path = gradient_ascent(profit_slope, start=8.0, step_size=0.02)
print(f"steps taken: {len(path) - 1}")
print(f"first prices visited: {np.round(path[:6], 3)}")
print(f"best price by ascent: {path[-1]:.6f}, by calculus: {p_calculus:.6f}")
assert np.isclose(path[-1], p_calculus, atol=1e-6)
assert np.all(np.diff(path) > 0)  # from below, every step goes up in price

# %%
# Figure: weekly profit against price, a hill peaking at the best price of about 20.37 euros, with the gradient ascent path starting at 8 euros and climbing the hill in shrinking steps to the peak
fig, ax = plt.subplots(figsize=(6, 4))
curve_p = np.linspace(4, 36, 400)
ax.plot(curve_p, profit(curve_p), color="C0", label="profit P(p)")
ax.plot(path[:12], profit(path[:12]), "o-", color="C1", markersize=4, label="first 11 steps")
ax.plot(p_calculus, profit(p_calculus), "*", color="C3", markersize=16, label="optimum")
ax.axhline(0, color="C7", linewidth=0.8)
ax.set_xlabel("price p (euros)")
ax.set_ylabel("profit per week (euros)")
ax.set_ylim(-500, 3000)
ax.grid(True)
ax.legend(loc="lower center", fontsize=8)
plt.show()

# %% [markdown]
# The first steps are long, because far from the peak the slope is steep, and they shrink by
# themselves as the slope flattens. The loop never needed to know where the peak is.

# %% [markdown]
# ### Task 4: predict what the step size does
#
# For this profit the slope is a straight line that is zero at $p^*$: $P'(p) = -2b\,(p - p^*)$.
# Write $e_k = p_k - p^*$ for the error after $k$ steps.
#
# 1. On paper, show that one step multiplies the error by a fixed factor,
#    $e_{k+1} = r\,e_k$, and find $r$ in terms of $b$ and $\eta$.
# 2. Predict, from $r$ alone, what gradient ascent does with each of the step sizes
#    0.002, 0.02, $1/(2\hat{b})$, 0.085, $1/\hat{b}$ and 0.095: converge steadily from one side,
#    land on $p^*$ in one step, converge while jumping from side to side, bounce for ever, or
#    diverge?
# 3. Check with `gradient_ascent` (from 8 euros, `max_steps=1000`): for each step size print
#    $r$ and what happened, and draw $|e_k|$ against $k$ on a logarithmic axis.

# %% [markdown]
# #### Solution to task 4
#
# One step gives $e_{k+1} = e_k + \eta\,P'(p_k) = e_k - 2b\,\eta\,e_k$, so
# $r = 1 - 2b\,\eta$ and $e_k = r^k e_0$. Reading off the cases:
#
# - $0 < r < 1$, small $\eta$: the error shrinks steadily, slowly when $r$ is close to 1;
# - $r = 0$, $\eta = 1/(2b)$: the first step lands exactly on $p^*$;
# - $-1 < r < 0$: every step overshoots to the other side of the peak, by less each time;
# - $r = -1$, $\eta = 1/b$: the price jumps between $p^* + e_0$ and $p^* - e_0$ for ever,
#   neither closer nor further;
# - $r < -1$, $\eta > 1/b$: the overshoots grow and the method diverges.
#
# So the loop converges exactly when $0 < \eta < 1/b$. Since $2b = |P''|$, the safe step size
# is set by the curvature, the second derivative of the lesson's
# [second derivative test](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#the-second-derivative-test).

# %%
step_sizes = [0.002, 0.02, 1 / (2 * b_hat), 0.085, 1 / b_hat, 0.095]
runs = {}
print(f"{'step size':>10} {'factor r':>9}  what happened")
for eta in step_sizes:
    run = gradient_ascent(profit_slope, start=8.0, step_size=eta, max_steps=1000)
    runs[eta] = errors = np.abs(run - p_calculus)
    close = np.flatnonzero(errors < 1e-6)
    if close.size:
        plural = "" if close[0] == 1 else "s"
        result = f"within a millionth of a euro after {close[0]} step{plural}"
    elif np.allclose(errors, errors[0]):
        result = f"still {errors[-1]:.2f} euros off after {len(run) - 1} steps: bouncing"
    else:
        result = f"{errors[-1]:.3g} euros off after {len(run) - 1} steps: diverged"
    print(f"{eta:>10.4f} {1 - 2 * b_hat * eta:>9.3f}  {result}")
bounce = gradient_ascent(profit_slope, start=8.0, step_size=1 / b_hat, max_steps=1000)
assert np.allclose(bounce - p_calculus, (8.0 - p_calculus) * (-1.0) ** np.arange(1001))
assert [runs[eta].min() < 1e-6 for eta in step_sizes] == [True] * 4 + [False] * 2

# %%
# Figure: distance from the optimum against step number on a log scale for six step sizes; 0.002 falls slowly, 0.02 quickly, the step size 1/(2b) hits the optimum at once, 0.085 falls slowly, 1/b stays flat, and 0.095 rises without limit
fig, ax = plt.subplots(figsize=(6, 4))
for colour, eta in zip(["C0", "C1", "C2", "C3", "C7", "C4"], step_sizes):
    errors = np.maximum(runs[eta][:60], 1e-12)  # the one-step size reaches 0: keep the log finite
    ax.semilogy(errors, "o-", color=colour, markersize=3, label=f"step size {eta:.4f}")
ax.set_xlabel("step k")
ax.set_ylabel("distance from the optimum (euros)")
ax.set_ylim(1e-12, 1e4)
ax.grid(True)
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# On the log scale a constant factor per step is a straight line: the steeper it falls, the
# faster the convergence. The step size $1/(2b)$ divides the slope by the curvature, which is
# what **Newton's method** does; for a quadratic it reaches the optimum in one step. For a
# neural network's loss nobody knows the curvature in advance, which is why learning rates are
# tuned by trial.

# %% [markdown]
# ### Task 5: a price cap
#
# A marketplace forbids prices above 18 euros, so the price must stay in $[c, 18]$.
#
# 1. Use the three-step recipe of the lesson's
#    [endpoints of an interval](https://mathforml.github.io/mathforml/calculus/optimising-one-variable/#endpoints-of-an-interval)
#    to find the best allowed price, and the slope of the profit there.
# 2. Write `projected_ascent(slope, start, step_size, lo, hi, max_steps=1000)`: gradient
#    ascent that clips the price back into `[lo, hi]` after every step (`np.clip`). Why can it
#    not use the stopping rule of `gradient_ascent`, and what should it use instead? Run it
#    from 8 euros with step size 0.02.

# %% [markdown]
# #### Solution to task 5
#
# The only stationary point, `p_calculus`, lies outside $[6, 18]$, so the candidates are the
# two endpoints, and 18 wins. The slope there is positive: profit would still rise if a higher
# price were allowed. That is exactly why the rule "stop when the slope is small" never fires
# at a capped optimum. Instead, stop when a step no longer moves the price.


# %%
def projected_ascent(slope, start, step_size, lo, hi, max_steps=1000):
    """Gradient ascent kept inside [lo, hi]; stops when a step no longer moves the price."""
    path = [float(np.clip(start, lo, hi))]
    for _ in range(max_steps):
        new = float(np.clip(path[-1] + step_size * slope(path[-1]), lo, hi))
        if abs(new - path[-1]) < 1e-12:
            break
        path.append(new)
    return np.array(path)


cap = 18.0
candidates = [p for p in [p_calculus] if unit_cost <= p <= cap] + [unit_cost, cap]
best_allowed = max(candidates, key=profit)
capped = projected_ascent(profit_slope, 8.0, 0.02, unit_cost, cap)
print(f"best allowed price {best_allowed:.2f}, slope there {profit_slope(best_allowed):.1f}")
print(f"projected ascent: {capped[-1]:.2f} euros after {len(capped) - 1} steps")
print(f"the cap costs {profit(p_calculus) - profit(cap):.2f} euros a week")
assert best_allowed == cap and profit_slope(cap) > 0
assert capped[-1] == cap and len(capped) < 20

# %% [markdown]
# ### Task 6: a second demand model
#
# A straight demand line predicts *negative* sales above $\hat{a}/\hat{b}$ euros. A popular
# alternative is **constant elasticity** demand, $q(p) = A\,p^{-\varepsilon}$, in which a 1%
# price rise loses about $\varepsilon$% of sales at every price.
#
# 1. Taking logs gives a straight line, $\log q = \log A - \varepsilon \log p$. Fit it with
#    your `fit_line` from task 1, on `np.log(prices_tested)` and `np.log(sales)`, to get
#    `A_hat` and `eps_hat`.
# 2. The logarithm is increasing, so log-profit peaks where profit does. With $u = \log p$,
#    show that $\frac{d \log P}{d u} = \frac{p}{p - c} - \varepsilon$ (hint:
#    $\log P = \log(p - c) + \log A - \varepsilon u$ and $dp/du = p$), and hence that
#    $p^* = \varepsilon c/(\varepsilon - 1)$, which exists only when $\varepsilon > 1$.
#    Compute it, and confirm it with your `gradient_ascent` in $u$ (start at $u = \log 20$;
#    a step size of 1 works).
# 3. Compare the two models: their fit errors on the experiment (root mean squared error of
#    the predicted sales), their recommended prices, and their profit curves in one plot.
#    Which price would you recommend to the shop, and why?

# %% [markdown]
# #### Solution to task 6
#
# Setting $\frac{p}{p - c} - \varepsilon = 0$ gives $p = \varepsilon\,(p - c)$, so
# $p^* = \varepsilon c / (\varepsilon - 1)$. For $\varepsilon \le 1$ the slope is positive at
# every price above $c$: raising the price always raises profit, and there is no optimum. The
# scale $A$ has dropped out of the slope entirely.

# %%
log_A, minus_eps = fit_line(np.log(prices_tested), np.log(sales))
A_hat, eps_hat = np.exp(log_A), -minus_eps
p_star_ce = eps_hat * unit_cost / (eps_hat - 1)


def profit_ce(p):
    return (p - unit_cost) * A_hat * p ** (-eps_hat)


def log_profit_slope(u):
    p = np.exp(u)
    return p / (p - unit_cost) - eps_hat


path_ce = np.exp(gradient_ascent(log_profit_slope, start=np.log(20.0), step_size=1.0))
print(f"fitted elasticity: {eps_hat:.3f}")
print(f"best price: {p_star_ce:.2f} euros by the formula, {path_ce[-1]:.2f} by ascent in log-price")
assert eps_hat > 1 and np.isclose(path_ce[-1], p_star_ce, atol=1e-5)
assert prices_tested.max() < p_star_ce

# %%
rmse_linear = np.sqrt(np.mean((sales - (a_hat - b_hat * prices_tested)) ** 2))
rmse_ce = np.sqrt(np.mean((sales - A_hat * prices_tested ** (-eps_hat)) ** 2))
gain = profit_ce(p_star_ce) / profit_ce(prices_tested.max()) - 1
print(f"fit error: linear {rmse_linear:.1f} bottles, constant elasticity {rmse_ce:.1f} bottles")
print(f"recommended: linear {p_calculus:.2f} euros, constant elasticity {p_star_ce:.2f} euros")
print(f"linear model: no sales at all above {a_hat / b_hat:.2f} euros")
print(f"constant elasticity: going from 26 to {p_star_ce:.2f} euros gains {gain:.1%}")
assert rmse_linear < rmse_ce
assert a_hat / b_hat < p_star_ce and gain < 0.02

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
# The straight line fits the experiment better, and it recommends a price inside the tested
# range. The constant-elasticity optimum is an **extrapolation**: the model is trusted where it
# has never seen a single sale, and even by its own account the move from 26 to about 38 euros
# gains only about 2%. It also puts its best price where the linear model predicts no sales at
# all. Recommend the linear model's price, and if the shop is curious about higher prices, the
# honest next step is another experiment between 26 and 40 euros. The optimiser did its job
# perfectly both times; the risk lies in the model.
#
# **More to try on your own:**
#
# - *Noise.* Rerun the experiment with other seeds (`default_rng(1)`, `default_rng(2)`, ...)
#   and record the linear model's best price each time. How far does it move from noise alone?
# - *Learning-rate hunting.* Without the formula $1/b$, find the largest step size that still
#   converges by bisection on $[0.01, 0.2]$, running `gradient_ascent` at each midpoint.

# %% [markdown]
# ## Summary
#
# - A pricing engine is a demand model fitted to data plus an optimiser; the closed form, a
#   grid and gradient ascent all agree on the fitted model's best price.
# - Near the peak the profit curve is flat, so a price estimated from noisy data costs little
#   profit.
# - On this quadratic profit each step of gradient ascent multiplies the error by
#   $r = 1 - 2b\,\eta$: it converges for $0 < \eta < 1/b$, lands in one step at
#   $\eta = 1/(2b)$, bounces for ever at exactly $\eta = 1/b$ and diverges beyond.
# - Under a cap the best price is the endpoint, where the slope is not zero: projected ascent
#   must stop when the price stops moving, not when the slope is small.
# - An optimum is only as trustworthy as the model behind it; one outside the range of the data
#   is an extrapolation, and the cure is more data there.
