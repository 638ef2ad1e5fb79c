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
# # Lab: Bayesian A/B test
#
# A team has redesigned its sign-up page. For a week, half of the visitors saw the old page, A,
# and half the new one, B:
#
# | page | visitors | sign-ups | rate |
# |------|---------:|---------:|-----:|
# | A    | 1000     | 98       | 9.8% |
# | B    | 1000     | 121      | 12.1% |
#
# B looks better. But 1000 visitors is not many, and a gap of 23 sign-ups could be luck. Should
# the team switch to B? In this lab you answer the way a Bayesian A/B test does: a posterior
# distribution for each page's conversion rate, the probability that B's rate is higher than
# A's, and how large the improvement plausibly is. Then you check, by simulation, that the
# uncertainty the posterior reports can be trusted, and see how much a prior belief changes the
# answer.
#
# **Follows:** [Likelihood, maximum likelihood and MAP](https://mathforml.github.io/mathforml/probability/likelihood/),
# whose coin is the model here (a visitor is one flip: heads, they sign up) and whose Beta prior
# gives the posterior in closed form, and
# [Bayes' theorem](https://mathforml.github.io/mathforml/probability/bayes/), whose grid update
# (prior times likelihood, then normalise) gives the same posterior by brute force.
#
# **The tasks:**
#
# 1. The likelihood of A's conversion rate on a grid: plot it, find its peak and its area.
# 2. A flat prior times the likelihood on the grid, normalised, against the closed-form Beta
#    posterior.
# 3. The posterior mean and a 95% credible interval, from the grid and from Beta samples.
# 4. The probability that B beats A, with its Monte Carlo standard error, and the distribution
#    of the lift.
# 5. Calibration: does the 95% interval contain the true rate 95% of the time?
# 6. A stronger prior, Beta(20, 180): what it changes, and how much data it takes to wash out.
# 7. A confident prior that is wrong: what it does to the intervals.
#
# **How to work:** each task says what to write, with names, shapes and a hint. Write your own
# answer in a new cell first (in Jupyter, press `Esc` and then `B` to add a cell below the
# selected one), run it, and only then read the solution that follows. Each solution ends with
# a few `assert`s that check it; later tasks use the solutions' functions, so run those cells
# even when your own answer worked. The whole notebook runs in a few seconds.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## Set-up: the data and a grid
#
# Each visitor of page A signs up with probability $p_A$, independently of the others, so the
# number of sign-ups $k$ out of $n$ visitors is Binomial($n$, $p_A$); the same for B with its own
# rate $p_B$.
#
# Most of the lab works on a **grid**: a function of the rate $p$ is stored by its values at the
# midpoints of $M = 10{,}000$ equal cells that cover $[0, 1]$, each of width $\Delta p = 1/M$.
# An area $\int_0^1 f(p)\,dp$ becomes `np.sum(f * dp)`, the midpoint rule. The grid never
# touches 0 or 1, so $\log p$ and $\log(1 - p)$ are finite everywhere on it.

# %%
n_a, k_a = 1000, 98
n_b, k_b = 1000, 121

M = 10_000
dp = 1 / M
p = (np.arange(M) + 0.5) * dp  # cell midpoints: 0.00005, 0.00015, ..., 0.99995
edges = np.arange(M + 1) * dp  # cell edges: 0, 0.0001, ..., 1
print(f"A: {k_a}/{n_a} = {k_a / n_a:.3f}   B: {k_b}/{n_b} = {k_b / n_b:.3f}   gap: {k_b - k_a}")
print("grid:", p[:2], "...", p[-1], " points:", len(p))

# %% [markdown]
# ### Task 1: the likelihood on a grid
#
# Write `log_likelihood(p, k, n)`, the log of the Binomial($n$, $p$) probability of $k$
# sign-ups, for an array `p` and whole numbers `k` and `n`:
#
# $$
# \log L(p) = \log\binom{n}{k} + k \log p + (n - k)\log(1 - p) .
# $$
#
# Compute $\log\binom{n}{k}$ from `math.lgamma`, the log of the gamma function, with
# $\binom{n}{k} = \Gamma(n + 1) / \big(\Gamma(k + 1)\,\Gamma(n - k + 1)\big)$. Then:
#
# - evaluate it on the grid for page A and exponentiate: `lik_a`, shape `(10000,)`; the same
#   for B, `lik_b`;
# - plot both curves for rates between 0.05 and 0.18;
# - find the grid point where `lik_a` peaks, and compare it with the maximum likelihood
#   estimate $k/n$ from the lesson;
# - compute the area under `lik_a`. Before you do, predict: is it 1? (The lesson found the
#   area for 7 heads in 10 flips.)

# %% [markdown]
# #### Solution to task 1
#
# The peak sits where the lesson puts it, at $k/n = 0.098$ (on the grid, within half a cell of
# it). The area is not 1 but $1/1001$, about 0.000999: the likelihood scores each rate, it is
# not a distribution over rates. (The area is $1/(n + 1)$ whatever $k$ is; for 10 flips that is
# the lesson's $1/11$.) Working in logs costs nothing here and is what keeps larger experiments
# from underflowing, as the lesson showed for
# [1400 heads in 2000 flips](https://mathforml.github.io/mathforml/probability/likelihood/#products-underflow-sums-of-logs-do-not):
# with 1000 sign-ups out of 10,000 visitors, at $p = 0.1$ the factor
# $(1 - p)^{n - k} = 0.9^{9000}$ alone underflows to 0.


# %%
def log_likelihood(p, k, n):
    """Log of the Binomial(n, p) probability of k successes, for an array of rates p."""
    log_comb = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return log_comb + k * np.log(p) + (n - k) * np.log1p(-p)


lik_a = np.exp(log_likelihood(p, k_a, n_a))
lik_b = np.exp(log_likelihood(p, k_b, n_b))
peak_a = p[np.argmax(lik_a)]
area_a = np.sum(lik_a * dp)
print(f"peak of A's likelihood: p = {peak_a:.5f}  (k/n = {k_a / n_a})")
print(f"area under it: {area_a:.6f}   1/(n + 1) = {1 / (n_a + 1):.6f}")
print("(1 - 0.1)**9000 =", (1 - 0.1) ** 9000)
assert abs(peak_a - k_a / n_a) <= dp / 2 + 1e-12
assert np.isclose(area_a, 1 / (n_a + 1), rtol=1e-9)
assert np.isclose(np.sum(lik_b * dp), 1 / (n_b + 1), rtol=1e-9)

# %%
# Figure: the likelihoods of page A's and page B's conversion rates, two bell-shaped curves between 0.05 and 0.18, A's peaking at 0.098 and B's at 0.121, overlapping in the middle
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
show = (p > 0.05) & (p < 0.18)
for curve, k, n, name in [(lik_a, k_a, n_a, "A"), (lik_b, k_b, n_b, "B")]:
    line = ax.plot(p[show], curve[show], label=f"page {name}: {k} of {n}")[0]
    ax.axvline(k / n, color=line.get_color(), linestyle="--", linewidth=1)
ax.set_xlabel("conversion rate p")
ax.set_ylabel("likelihood L(p)")
ax.set_title("How probable each page's data is, for each conversion rate")
ax.legend()
plt.show()

# %% [markdown]
# ### Task 2: prior times likelihood, and the closed form
#
# Start from a flat prior, Beta(1, 1): every rate between 0 and 1 equally plausible. Write two
# functions:
#
# - `grid_posterior(log_prior, log_lik)`: both arrays on the grid. Add them, subtract the
#   largest value before exponentiating (the result is then at most 1, so nothing overflows
#   or underflows to all zeros), and divide by the area, so that the result is a density:
#   `np.sum(posterior * dp)` is 1.
# - `beta_logpdf(p, a, b)`: the log of the Beta($a$, $b$) density from the lesson,
#   $(a - 1)\log p + (b - 1)\log(1 - p) - \log B(a, b)$, with
#   $\log B(a, b) = \log\Gamma(a) + \log\Gamma(b) - \log\Gamma(a + b)$ from `math.lgamma`.
#   (Why not `math.gamma`, as in the lesson? Try `math.gamma(1002)`.)
#
# Compute the grid posteriors `post_a` and `post_b` and compare each with the closed-form
# posterior from the lesson, Beta($1 + k$, $1 + n - k$), evaluated on the grid. How big is the
# largest difference? And before you plot: how does the shape of `post_a` compare with `lik_a`
# from task 1?

# %% [markdown]
# #### Solution to task 2
#
# The grid posterior and the closed form differ by a few times $10^{-12}$, against a peak
# density of about 42: the only approximation on the grid is the normalising area, and the
# midpoint rule computes it almost exactly for a smooth curve that vanishes at both ends. With
# a flat prior
# the posterior has the likelihood's shape exactly; only the scale changes, from area $1/1001$
# to area 1, so `post_a` is `lik_a` times 1001. `math.gamma(1002)` is $1001!$, a number with
# 2571 digits, far beyond the largest float64 (about $1.8 \times 10^{308}$): Python raises an
# `OverflowError`, while its log is an ordinary number.


# %%
def grid_posterior(log_prior, log_lik):
    """Bayes' theorem on the grid: prior times likelihood, scaled to area 1."""
    log_post = log_prior + log_lik
    unnormalised = np.exp(log_post - log_post.max())
    return unnormalised / np.sum(unnormalised * dp)


def beta_logpdf(p, a, b):
    """Log of the Beta(a, b) density at the rates p."""
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return (a - 1) * np.log(p) + (b - 1) * np.log1p(-p) - log_beta


flat = beta_logpdf(p, 1, 1)  # log 1 = 0 everywhere
post_a = grid_posterior(flat, log_likelihood(p, k_a, n_a))
post_b = grid_posterior(flat, log_likelihood(p, k_b, n_b))
exact_a = np.exp(beta_logpdf(p, 1 + k_a, 1 + n_a - k_a))
exact_b = np.exp(beta_logpdf(p, 1 + k_b, 1 + n_b - k_b))

print(f"peak density of A's posterior: {post_a.max():.1f}")
print(f"largest difference, grid minus closed form: A {np.abs(post_a - exact_a).max():.1e}")
print(f"                                            B {np.abs(post_b - exact_b).max():.1e}")
try:
    math.gamma(1002)
except OverflowError as err:
    print("math.gamma(1002):", err, "  math.lgamma(1002):", round(math.lgamma(1002), 1))
print("digits of 1001!:", len(str(math.factorial(1001))), "  largest float64:", np.finfo(float).max)
assert np.abs(post_a - exact_a).max() < 1e-9 and np.abs(post_b - exact_b).max() < 1e-9
assert np.isclose(np.sum(post_a * dp), 1) and np.isclose(np.sum(post_b * dp), 1)
assert np.allclose(post_a, lik_a * (n_a + 1), rtol=1e-9)

# %%
# Figure: the posterior densities of the two conversion rates under a flat prior, drawn as solid lines from the grid with dots from the closed-form Beta densities lying exactly on them; A's peaks at 0.098 and B's at 0.121
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
every = np.flatnonzero(show)[::40]
for post, exact, name in [(post_a, exact_a, "A"), (post_b, exact_b, "B")]:
    line = ax.plot(p[show], post[show], label=f"page {name}, grid")[0]
    ax.plot(p[every], exact[every], "o", markersize=3, color=line.get_color(), label="closed form")
ax.set_xlabel("conversion rate p")
ax.set_ylabel("posterior density")
ax.set_title("Flat prior times likelihood, normalised: the Beta posterior")
ax.legend()
plt.show()

# %% [markdown]
# ### Task 3: posterior mean and a 95% credible interval
#
# A posterior is a whole distribution; a report usually gives a number and a range. The
# **posterior mean** is $\int_0^1 p\, f(p \mid \text{data})\, dp$. A **95% credible interval**
# is a range $[\ell, h]$ that holds 95% of the posterior probability:
# $P(\ell \le p \le h \mid \text{data}) = 0.95$. Many intervals do that; the **equal-tailed**
# one leaves 2.5% of the probability below $\ell$ and 2.5% above $h$, so $\ell$ and $h$ are the
# posterior's 0.025 and 0.975 quantiles.
#
# Compute both in two independent ways:
#
# - **From the grid.** Write `summarise(density, level=0.95)`, returning `(mean, lo, hi)` for a
#   density on the grid. Hint: the probability of cell $i$ is `density[i] * dp`, so
#   `np.cumsum` of those gives the cumulative distribution function (CDF) at the right edge of
#   each cell; put a 0 in front for the left edge of the first cell, and invert the CDF with
#   `np.interp(q, cdf, edges)`.
# - **From samples.** Draw 200,000 rates from each posterior with `rng.beta(a, b, size=...)`,
#   then take their mean and `np.quantile(samples, [0.025, 0.975])`.
#
# Check also the closed-form mean from the lesson, $a/(a + b)$. The samples are random, so they
# can only agree up to Monte Carlo error: state a tolerance of 4 standard errors. For the mean,
# the standard error is the samples' standard deviation over $\sqrt{N}$. For a quantile $x_q$
# the standard error is about $\sqrt{q(1 - q)/N}\,/\,f(x_q)$: the fraction of samples below
# $x_q$ is a proportion, with standard error $\sqrt{q(1 - q)/N}$, and near $x_q$ a change of
# probability becomes a change of rate when divided by the density $f(x_q)$.

# %% [markdown]
# #### Solution to task 3
#
# A's posterior mean is $99/1002 \approx 0.0988$, with a 95% credible interval from about
# 0.0811 to 0.1180; B's mean is $122/1002 \approx 0.1218$, its interval from about 0.1022 to
# 0.1427. (Both means sit a little above $k/n$: the flat prior counts as one earlier sign-up
# and one earlier visitor who left, so the mean $(k + 1)/(n + 2)$ is pulled towards 1/2.) The
# grid and the samples agree within the tolerance: the last column shows 4 standard errors of
# each quantile, between 0.0002 and 0.0003.


# %%
def summarise(density, level=0.95):
    """Posterior mean and equal-tailed credible interval of a density on the grid."""
    mass = density * dp
    mean = np.sum(p * mass)
    cdf = np.concatenate([[0.0], np.cumsum(mass)])  # at the cell edges
    lo, hi = np.interp([(1 - level) / 2, (1 + level) / 2], cdf, edges)
    return mean, lo, hi


rng = np.random.default_rng(0)
N = 200_000
q = np.array([0.025, 0.975])
samples = {}
print("page   mean     interval (grid)        mean     interval (samples)    4 SE of lo, hi")
for name, post, k, n in [("A", post_a, k_a, n_a), ("B", post_b, k_b, n_b)]:
    a, b = 1 + k, 1 + n - k
    mean, lo, hi = summarise(post)
    s = rng.beta(a, b, size=N)
    samples[name] = s
    s_lo, s_hi = np.quantile(s, q)
    se_q = np.sqrt(q * (1 - q) / N) / np.exp(beta_logpdf(np.array([lo, hi]), a, b))
    print(
        f"  {name}   {mean:.4f}   [{lo:.4f}, {hi:.4f}]     {s.mean():.4f}   "
        f"[{s_lo:.4f}, {s_hi:.4f}]     {4 * se_q[0]:.5f}, {4 * se_q[1]:.5f}"
    )
    assert np.isclose(mean, a / (a + b), rtol=1e-9)
    assert abs(s.mean() - mean) < 4 * s.std() / np.sqrt(N)
    assert np.all(np.abs(np.array([s_lo, s_hi]) - [lo, hi]) < 4 * se_q)

# %%
mean_a, lo_a, hi_a = summarise(post_a)
mean_b, lo_b, hi_b = summarise(post_b)
print(f"A: {mean_a:.4f} [{lo_a:.4f}, {hi_a:.4f}]   B: {mean_b:.4f} [{lo_b:.4f}, {hi_b:.4f}]")
print("the intervals overlap:", lo_b < hi_a)
assert np.isclose(mean_a, 99 / 1002) and np.isclose(mean_b, 122 / 1002)

# %%
# Figure: the two posterior densities with their 95% credible intervals shaded, A's from about 0.081 to 0.118 and B's from about 0.102 to 0.143; the shaded intervals overlap between about 0.102 and 0.118
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
for post, lo, hi, name in [(post_a, lo_a, hi_a, "A"), (post_b, lo_b, hi_b, "B")]:
    line = ax.plot(p[show], post[show], label=f"page {name}")[0]
    inside = (p >= lo) & (p <= hi)
    ax.fill_between(p[inside], post[inside], color=line.get_color(), alpha=0.25)
ax.set_xlabel("conversion rate p")
ax.set_ylabel("posterior density")
ax.set_title("Posteriors with their 95% credible intervals shaded")
ax.legend()
plt.show()

# %% [markdown]
# The two intervals overlap. Does that mean the data cannot tell the pages apart? Task 4
# answers the question that was actually asked.
#
# ### Task 4: the probability that B beats A
#
# The rates $p_A$ and $p_B$ have independent posteriors (the pages had different visitors and
# independent priors), so a draw from each is a draw of the pair. Before computing, guess
# $P(p_B > p_A \mid \text{data})$: near 0.5, near 0.75, or above 0.9?
#
# - Estimate it by Monte Carlo from the samples of task 3, `samples["A"]` and `samples["B"]`:
#   the fraction of pairs with $p_B > p_A$. Give its standard error,
#   $\sqrt{\hat{P}(1 - \hat{P})/N}$.
# - Check it on the grid, without randomness:
#   $P(p_B > p_A) = \int_0^1 f_A(x)\, P(p_B > x)\, dx$. Hint: at a cell's midpoint, the CDF of
#   B is the cumulative sum up to that cell minus half of the cell's own probability.
# - A team cares about how much better, too. Compute the relative **lift**,
#   $(p_B - p_A)/p_A$, for every pair of samples; plot its histogram, and give its median, a
#   95% interval and the probability that the lift is above 10%.

# %% [markdown]
# #### Solution to task 4
#
# $P(p_B > p_A \mid \text{data})$ is about 0.95, with a Monte Carlo standard error of about
# 0.0005, and the grid gives the same within 4 standard errors. The overlap of the two
# intervals was misleading. It only says that some rates are plausible for both pages; for B
# to be the worse page, A's rate would have to sit high in its interval *and* B's low in its
# own at the same time, which is unlikely for two independent rates. The question is about the
# difference $p_B - p_A$, and that has a posterior of its own.
#
# Being 95% sure that B is better is not being sure that it is much better. The lift has a
# median of about 23%, but its 95% interval runs from about $-4\%$ (B slightly worse) to about
# $+59\%$, and the probability of a lift above 10% is only about 0.81. Which of these numbers
# matters depends on the decision: switching a page costs little; a campaign planned on a 23%
# lift is a bet on the middle of a wide distribution.


# %%
def prob_b_beats_a(density_a, density_b):
    """P(p_B > p_A) for independent posteriors given as densities on the grid."""
    mass_a, mass_b = density_a * dp, density_b * dp
    cdf_b_mid = np.cumsum(mass_b) - mass_b / 2  # P(p_B <= x) at each midpoint x
    return np.sum(mass_a * (1 - cdf_b_mid))


b_wins = samples["B"] > samples["A"]
p_mc = b_wins.mean()
se_mc = np.sqrt(p_mc * (1 - p_mc) / N)
p_grid = prob_b_beats_a(post_a, post_b)
print(f"P(B > A): Monte Carlo {p_mc:.4f} (standard error {se_mc:.4f}), grid {p_grid:.4f}")
assert abs(p_mc - p_grid) < 4 * se_mc

lift = (samples["B"] - samples["A"]) / samples["A"]
lift_lo, lift_median, lift_hi = np.quantile(lift, [0.025, 0.5, 0.975])
p_lift_10 = np.mean(lift > 0.10)
print(f"lift: median {lift_median:.1%}, 95% interval [{lift_lo:.1%}, {lift_hi:.1%}]")
print(f"P(lift > 10%) = {p_lift_10:.2f}")
assert np.isclose(np.mean(lift > 0), p_mc)  # lift > 0 is the same event as p_B > p_A

# %%
# Figure: histogram of the relative lift of B over A from 200,000 posterior draws, a right-skewed hump centred near +23%, with a line at zero lift and dashed lines at the 95% interval, about -4% and +59%; about 5% of the area lies left of zero
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.hist(100 * lift, bins=120, density=True, histtype="stepfilled", color="C2", alpha=0.7)
ax.axvline(0, color="black", linewidth=1, label="no lift")
for edge in (lift_lo, lift_hi):
    ax.axvline(100 * edge, color="C3", linestyle="--", linewidth=1)
ax.plot([], [], color="C3", linestyle="--", linewidth=1, label="95% interval")
ax.set_xlabel("lift of B over A, (p_B - p_A) / p_A, in %")
ax.set_ylabel("density")
ax.set_title("How much better is B? The posterior of the lift")
ax.legend()
plt.show()

# %% [markdown]
# ### Task 5: is the 95% interval right 95% of the time?
#
# A credible interval makes a promise: if the true rates really behave like draws from the
# prior, then 95% of the intervals computed this way contain the true rate. Test it by
# simulation. Write `coverage(true_rates, n, a, b, rng)` that, for each true rate in the array,
# simulates $n$ visitors (`rng.binomial(n, true_rates)` gives all the sign-up counts at once),
# computes the 95% equal-tailed interval of the posterior Beta($a + k$, $b + n - k$), and
# returns the fraction of intervals that contain their true rate.
#
# Keep it fast. Hint: however many experiments you simulate, there are only $n + 1$ possible
# counts $k$, so compute the interval once per distinct count (`np.unique(k, return_inverse=True)`
# gives the distinct counts and, for each experiment, the position of its count among them),
# with `summarise` from task 3 on the closed-form density, and look the rest up.
#
# Then:
#
# - run 100,000 experiments of $n = 1000$ visitors whose true rates are drawn from the flat
#   prior (`rng.beta(1, 1, size=...)`), with the flat prior in the analysis; the coverage
#   should be 0.95 within 4 standard errors of a proportion, $\sqrt{0.95 \cdot 0.05 / T}$ for
#   $T$ experiments;
# - predict, then check: is the coverage also 95% for one *fixed* true rate? Try a rate of
#   0.01 with $n = 100$ visitors. Here the coverage can be computed exactly as well: add up the
#   Binomial probabilities of the counts $k$ whose interval contains 0.01. Compare the
#   simulation with it.

# %% [markdown]
# #### Solution to task 5
#
# Averaged over true rates drawn from the prior, the coverage is 0.95 within the tolerance:
# the interval keeps its promise. That is no accident: for every count $k$, the interval holds
# exactly 95% of the posterior, which is the distribution of the true rate among the
# experiments that produced $k$.
#
# For one fixed rate the promise does not apply, and at a rate of 0.01 with 100 visitors the
# coverage is only about 0.92, in the simulation and exactly. Whole-number counts make the
# shortfall easy to see: the interval contains 0.01 after 0, 1 or 2 sign-ups, but after 3 it
# already starts at about 0.0109, so the coverage is exactly $P(k \le 2)$, about 0.921, and no
# count sits in between to make up the rest. For a rate of 0.1 with 1000 visitors, where many
# counts are likely, it comes out much closer, about 0.949. A frequentist confidence interval,
# like the [95% interval of the sampling lesson](https://mathforml.github.io/mathforml/probability/sampling/#standard-errors-and-the-95-interval),
# is a recipe aimed at containing the fixed true value in 95% of samples, whatever that value
# is (with whole-number counts, exact recipes settle for at least 95%). A credible interval
# says instead how probable it is, given this one data set, that the rate lies in it; its 95%
# holds on average over the prior, and, as here, often comes close for a fixed rate too.


# %%
def interval(a, b, level=0.95):
    """Equal-tailed credible interval of Beta(a, b), from the grid."""
    return summarise(np.exp(beta_logpdf(p, a, b)), level)[1:]


def coverage(true_rates, n, a, b, rng):
    """Fraction of simulated experiments whose 95% interval contains the true rate."""
    k = rng.binomial(n, true_rates)
    counts, position = np.unique(k, return_inverse=True)
    table = np.array([interval(a + c, b + n - c) for c in counts])  # one row per count
    lo, hi = table[position, 0], table[position, 1]
    return np.mean((lo <= true_rates) & (true_rates <= hi))


def exact_coverage(rate, n, a, b):
    """The same fraction without simulation: the Binomial probabilities of the covering k."""
    total = 0.0
    for k in range(n + 1):
        lo, hi = interval(a + k, b + n - k)
        if lo <= rate <= hi:
            total += math.exp(log_likelihood(rate, k, n))
    return total


rng = np.random.default_rng(0)
T = 100_000
se_cover = np.sqrt(0.95 * 0.05 / T)
from_prior = coverage(rng.beta(1, 1, size=T), 1000, 1, 1, rng)
print(f"rates from the prior, n = 1000: coverage {from_prior:.4f}, 4 SE = {4 * se_cover:.4f}")
assert abs(from_prior - 0.95) < 4 * se_cover

fixed = coverage(np.full(T, 0.01), 100, 1, 1, rng)
fixed_exact = exact_coverage(0.01, 100, 1, 1)
se_fixed = np.sqrt(fixed_exact * (1 - fixed_exact) / T)
print(f"fixed rate 0.01, n = 100: coverage {fixed:.4f}, exactly {fixed_exact:.4f}")
print(f"fixed rate 0.1, n = 1000: exactly {exact_coverage(0.1, 1000, 1, 1):.4f}")
p_few = sum(math.exp(log_likelihood(0.01, k, 100)) for k in range(3))
print(f"P(0, 1 or 2 sign-ups) = {p_few:.3f}; interval after 3: {np.round(interval(4, 98), 4)}")
assert abs(fixed - fixed_exact) < 4 * se_fixed
assert fixed_exact < 0.95 - 4 * se_cover  # below 95% by far more than simulation noise
assert np.isclose(fixed_exact, p_few) and interval(4, 98)[0] > 0.01  # k = 3 misses 0.01

# %% [markdown]
# A picture of the first 60 experiments of a run like the first one makes the promise concrete:
# each interval is drawn relative to its own true rate, so it covers the truth when it crosses
# zero.

# %%
# Figure: 60 simulated 95% credible intervals, each drawn as a vertical bar relative to its own true rate, with a horizontal line at zero; most bars cross the line, the few that miss it are drawn in red
rng = np.random.default_rng(1)
truth = rng.beta(1, 1, size=60)
k_sim = rng.binomial(1000, truth)
bars = np.array([interval(1 + k, 1 + 1000 - k) for k in k_sim]) - truth[:, None]
hit = (bars[:, 0] <= 0) & (bars[:, 1] >= 0)
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.vlines(np.flatnonzero(hit), bars[hit, 0], bars[hit, 1], color="C0", label="contains the truth")
ax.vlines(np.flatnonzero(~hit), bars[~hit, 0], bars[~hit, 1], color="C3", label="misses it")
ax.axhline(0, color="black", linewidth=1)
ax.set_xlabel("experiment")
ax.set_ylabel("interval minus true rate")
ax.set_title(f"{hit.sum()} of 60 intervals contain their true rate")
ax.set_ylim(bars.min() - 0.005, bars.max() + 0.025)
ax.legend(loc="upper center", ncol=2)
plt.show()

# %% [markdown]
# ### Task 6: a stronger prior
#
# The team has run many sign-up pages before, and their conversion rates were almost always
# between 6% and 15%. A prior that says so is Beta(20, 180): mean 0.1, and, read as
# pseudo-counts as in the lesson, worth 200 earlier visitors of whom 20 signed up.
#
# - Check the prior's 95% interval with `interval` from task 5.
# - Before computing, predict: will this prior raise or lower $P(p_B > p_A)$? Then compute the
#   posteriors of A and B under it on the grid with `grid_posterior` (is it still the
#   closed-form Beta($20 + k$, $180 + n - k$)?), their means and $P(p_B > p_A)$ with
#   `prob_b_beats_a`.
# - How much data does it take to wash the prior out? Keep the observed rates, 9.8% and 12.1%,
#   and grow the number of visitors per page: $n$ = 1000, 10,000, 100,000. Compare the
#   posterior means of $p_B$ and of the difference $p_B - p_A$ under the two priors (the
#   closed-form means are enough). Then find the smallest $n$, in steps of 1000, at which the
#   two posterior means of $p_B$ differ by less than 0.001.

# %% [markdown]
# #### Solution to task 6
#
# The prior's 95% interval runs from about 0.062 to 0.145, which is what the team believes.
# The grid posteriors are again the closed form, now Beta($20 + k$, $180 + n - k$). The prior
# pulls both rates towards 0.1: by the pseudo-count reading, the posterior mean is
# $(20 + k)/(200 + n)$, a weighted average of the prior mean 0.1 and the observed rate $k/n$,
# with weight $200/(200 + n)$ on the prior, a sixth at $n = 1000$. Pulling both rates towards
# the same value shrinks the gap between them by a sixth, more than the extra pseudo-counts
# narrow the posteriors, so $P(p_B > p_A)$ falls, from about 0.950 to about 0.935.
#
# The prior's weight falls like $200/(200 + n)$: at 10,000 visitors per page it is about 2%,
# at 100,000 about 0.2%. At 1000 visitors the strong prior shrinks the expected difference
# $p_B - p_A$ from about 0.0230 to about 0.0192; at 100,000 both priors give 0.0230. The two
# means of $p_B$ first differ by less than 0.001 at 5000 visitors per page: a prior worth 200
# visitors needs a few thousand real ones before it stops mattering at that precision.

# %%
strong = beta_logpdf(p, 20, 180)
prior_lo, prior_hi = interval(20, 180)
print(f"Beta(20, 180): mean {20 / 200}, 95% interval [{prior_lo:.3f}, {prior_hi:.3f}]")

strong_a = grid_posterior(strong, log_likelihood(p, k_a, n_a))
strong_b = grid_posterior(strong, log_likelihood(p, k_b, n_b))
print(f"posterior means, flat prior:   A {mean_a:.4f}  B {mean_b:.4f}")
print(
    f"posterior means, strong prior: A {summarise(strong_a)[0]:.4f}  B {summarise(strong_b)[0]:.4f}"
)
p_strong = prob_b_beats_a(strong_a, strong_b)
print(f"P(B > A): flat prior {p_grid:.3f}, strong prior {p_strong:.3f}")
assert np.allclose(strong_a, np.exp(beta_logpdf(p, 20 + k_a, 180 + n_a - k_a)), atol=1e-9)
assert np.isclose(summarise(strong_b)[0], (20 + k_b) / (200 + n_b))
assert p_strong < p_grid

# %%
rate_a, rate_b = k_a / n_a, k_b / n_b
print("visitors   prior weight   mean of p_B: flat  strong   mean of p_B - p_A: flat  strong")
for n in [1000, 10_000, 100_000]:
    ka, kb = round(rate_a * n), round(rate_b * n)
    flat_b, strong_b_mean = (1 + kb) / (2 + n), (20 + kb) / (200 + n)
    flat_gap = flat_b - (1 + ka) / (2 + n)
    strong_gap = strong_b_mean - (20 + ka) / (200 + n)
    print(
        f"{n:>8}   {200 / (200 + n):>12.3f}   {flat_b:>17.4f}  {strong_b_mean:.4f}"
        f"   {flat_gap:>23.4f}  {strong_gap:.4f}"
    )

ns = np.arange(1000, 100_001, 1000)
kb = np.round(rate_b * ns)
gap = np.abs((20 + kb) / (200 + ns) - (1 + kb) / (2 + ns))
n_washed = ns[np.argmax(gap < 0.001)]
print(f"the two posterior means of p_B first differ by less than 0.001 at n = {n_washed}")
assert gap[ns == n_washed][0] < 0.001 <= gap[ns == n_washed - 1000][0]
assert n_washed == 5000

# %%
# Figure: two panels. Left: the posterior densities of A and B under the flat prior (solid) and under the Beta(20, 180) prior (dashed); the dashed curves are narrower and pulled towards 0.1, closer together. Right: the posterior mean of p_B against the number of visitors per page on a log scale, under both priors; at 100 visitors the strong prior's curve is near 0.107 and the flat prior's near 0.128, and they meet at the observed rate 0.121 after a few thousand visitors
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
for flat_post, strong_post, name, colour in [
    (post_a, strong_a, "A", "C0"),
    (post_b, strong_b, "B", "C1"),
]:
    left.plot(p[show], flat_post[show], color=colour, label=f"{name}, flat prior")
    left.plot(p[show], strong_post[show], "--", color=colour, label=f"{name}, Beta(20, 180)")
left.set_xlabel("conversion rate p")
left.set_ylabel("posterior density")
left.legend(fontsize=8)
visitors = np.unique(np.round(np.logspace(2, 5, 200)))
for a0, b0, style in [(1, 1, "-"), (20, 180, "--")]:
    right.plot(visitors, (a0 + rate_b * visitors) / (a0 + b0 + visitors), style, color="C1")
right.axhline(rate_b, color="grey", linewidth=1)
right.set_xscale("log")
right.set_xlabel("visitors per page n (log scale)")
right.set_ylabel("posterior mean of p_B")
right.set_title("Solid: flat prior, dashed: Beta(20, 180)", fontsize=10)
plt.show()

# %% [markdown]
# ### Task 7: a confident prior that is wrong
#
# Task 5 showed that intervals are calibrated when the true rates come from the prior the
# analysis uses. Suppose instead a new page really converts at 0.2, well outside what
# Beta(20, 180) expects. With `coverage` from task 5, estimate how often the 95% interval under
# the Beta(20, 180) prior contains 0.2, for $n$ = 100, 1000 and 10,000 visitors (20,000
# simulated experiments each). Compare with the flat prior, and with the strong prior when the
# true rates are drawn from it. Predict first: at which $n$ does the strong prior's coverage
# get close to 95%?

# %% [markdown]
# #### Solution to task 7
#
# With 100 visitors the strong prior's interval contains the true rate in only about 3.5% of
# the experiments: the prior, worth 200 visitors, outweighs the data and drags the interval
# down towards 0.1. At 1000 visitors the coverage is about 69%, and even at 10,000 it is still
# about 92%: none of the three gets close to the promised 95%. The flat prior, which makes no
# such claim, stays near 0.95 (from 0.941 to 0.951), and the strong prior is back at 0.952 when
# the true rates really are drawn from it. A prior is a claim about the world; when the claim
# is wrong, the intervals are too confident, and in the wrong place, until the data outweigh
# it, and a calibration check on data simulated from that same prior cannot reveal it.

# %%
rng = np.random.default_rng(0)
T7 = 20_000
se7 = np.sqrt(0.95 * 0.05 / T7)
print("visitors   coverage of 0.2: Beta(20, 180)   flat prior")
cover_strong = {}
for n in [100, 1000, 10_000]:
    cover_strong[n] = coverage(np.full(T7, 0.2), n, 20, 180, rng)
    cover_flat = coverage(np.full(T7, 0.2), n, 1, 1, rng)
    print(f"{n:>8}   {cover_strong[n]:>29.3f}   {cover_flat:>10.3f}")
from_strong = coverage(rng.beta(20, 180, size=T7), 100, 20, 180, rng)
print(f"true rates drawn from Beta(20, 180), n = 100: coverage {from_strong:.3f}")
assert abs(from_strong - 0.95) < 4 * se7
assert cover_strong[100] < cover_strong[1000] < cover_strong[10_000] < 0.95 - 4 * se7

# %% [markdown]
# ## Summary
#
# - A visitor is a coin flip, so $k$ sign-ups in $n$ visits give the binomial likelihood; on a
#   grid it peaks at $k/n$ and has area $1/(n + 1)$, not 1.
# - A flat prior times the likelihood, normalised on the grid, is the closed-form posterior
#   Beta($1 + k$, $1 + n - k$) to a few times $10^{-12}$; `math.lgamma` keeps the Beta density
#   computable for thousands of visitors.
# - The posterior mean and an equal-tailed 95% credible interval come from the grid's CDF or
#   from `rng.beta` samples, which agree within a tolerance set by the Monte Carlo standard
#   error.
# - For the sign-up pages, $P(p_B > p_A \mid \text{data}) \approx 0.95$ although the two
#   intervals overlap, while the lift could be anywhere from about $-4\%$ to $+59\%$.
# - Simulated experiments with true rates drawn from the prior confirm the 95% coverage; for a
#   single fixed rate, such as 0.01 with 100 visitors, it can fall short.
# - A prior Beta($a$, $b$) is worth $a + b$ visitors and keeps weight $(a + b)/(a + b + n)$; a
#   confident prior that is wrong wrecks the intervals until the data outweigh it.
