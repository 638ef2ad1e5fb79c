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
# # Lab: PCA from scratch
#
# A scanned handwritten digit, shrunk to 8 by 8 pixels, is a list of 64 grey levels: a point in
# $\mathbb{R}^{64}$. In this lab you build principal component analysis yourself, with NumPy
# alone, on 1797 such digits, and use it to do three things a practitioner does with PCA:
# decide how many numbers per image are enough, draw all the digits on one flat page, and
# rebuild each image from a handful of numbers. At the end you check your version against
# scikit-learn's.
#
# **Follows:** [PCA from scratch](https://mathforml.github.io/mathforml/linear-algebra/pca/).
# The lesson worked on a two-dimensional cloud and on the four Iris measurements; this lab
# takes the same tools to 64 dimensions, where you cannot look at the data directly and PCA
# earns its keep. The formulas you need are in the lesson's sections
# [the SVD route](https://mathforml.github.io/mathforml/linear-algebra/pca/#the-svd-route),
# [explained variance ratio](https://mathforml.github.io/mathforml/linear-algebra/pca/#explained-variance-ratio),
# [choosing k](https://mathforml.github.io/mathforml/linear-algebra/pca/#choosing-k) and
# [projecting and reconstructing](https://mathforml.github.io/mathforml/linear-algebra/pca/#projecting-and-reconstructing).
#
# **The tasks:**
#
# 1. Centre the images, look at the mean digit, and predict how many eigenvalues can be zero.
# 2. Compute every principal component with the SVD, and draw the first few as images.
# 3. Compute the explained variance ratios and choose $k$ for 90% and for 95% of the variance.
# 4. Project the digits to two dimensions and plot them coloured by digit.
# 5. Reconstruct digits from $k$ components and compare them with the originals, as images.
# 6. Check everything against `sklearn.decomposition.PCA`, up to sign.
#
# **How to work:** each task says what to write, with the shapes and a hint. Write your own
# answer in a new cell first (in Jupyter, press `Esc` and then `B` to add a cell below the
# selected one), run it, and only then read the solution that follows. Each solution ends
# with a few `assert`s: run them against your own variables too. The whole notebook runs in a
# few seconds.

# %% [markdown]
# ## The data
#
# scikit-learn bundles a copy of the UCI handwritten digits (Alpaydin and Kaynak), so
# `load_digits` needs no download. `digits.data` holds one image per row, its 64 pixels read
# row by row; `digits.images` holds the same numbers as 8-by-8 arrays, and `digits.target` says
# which digit each image shows.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA  # used in task 6, to check your own PCA

digits = load_digits()
X, y = digits.data, digits.target
n, d = X.shape
print("X:", X.shape, " images:", digits.images.shape)
print("grey levels from", X.min(), "to", X.max())
print("images of each digit 0 to 9:", np.bincount(y))
assert np.array_equal(digits.images.reshape(n, d), X)

# %%
# Figure: the first 20 images of the data set, small 8 by 8 pixel grey-scale handwritten digits, each titled with its label, the digits 0 to 9 twice
NO_TICKS = {"xticks": [], "yticks": []}  # for the image grids: no ticks, and faster to draw
fig, axes = plt.subplots(2, 10, figsize=(8, 2), layout="constrained", subplot_kw=NO_TICKS)
for ax, image, label in zip(axes.flat, digits.images, y):
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=16)
    ax.set_title(str(label), fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ### Task 1: centre the data, and a prediction
#
# Compute the mean image `mu` (shape `(64,)`) and the centred data `Xc = X - mu` (shape
# `(1797, 64)`), as in the lesson's
# [centring](https://mathforml.github.io/mathforml/linear-algebra/pca/#centring). Draw `mu` as
# an 8-by-8 image (`mu.reshape(8, 8)`): what do you expect to see before you draw it?
#
# Then a prediction for task 2. Some pixels are blank (0) in every single image. Count them
# (hint: a pixel whose standard deviation over all images is 0). A blank pixel is 0 in every
# centred image too, so every centred image lies in the subspace where those pixels are 0.
# How many of the 64 eigenvalues of the covariance matrix must therefore be zero?

# %% [markdown]
# #### Solution to task 1
#
# The mean image is a blurry upright oval: averaging zeros, ones, sevens and the rest leaves
# ink wherever many digits pass, darkest at the top and bottom of the middle columns, and
# almost none in the outermost columns. Three pixels are blank in every image. The centred
# images then live in a subspace of dimension at most $64 - 3 = 61$, so the variance along at
# least three directions is zero: at least three eigenvalues are 0. Task 2 checks the
# prediction.

# %%
mu = X.mean(axis=0)
Xc = X - mu
blank = np.flatnonzero(X.std(axis=0) == 0)
print("blank pixels (index in the 64):", blank)
print("largest column mean after centring:", np.abs(Xc.mean(axis=0)).max())
assert mu.shape == (64,) and Xc.shape == (1797, 64)
assert np.allclose(Xc.mean(axis=0), 0)
assert len(blank) == 3 and np.all(X[:, blank] == 0)

# %%
# Figure: the mean of all 1797 digit images as an 8 by 8 grey-scale picture, a blurry upright oval, darkest at the top and bottom of the middle columns, with almost no ink in the outermost columns
fig, ax = plt.subplots(figsize=(2.5, 2.5), layout="constrained", subplot_kw=NO_TICKS)
ax.imshow(mu.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
ax.set_title("mean digit", fontsize=9)
ax.axis("off")
plt.show()

# %% [markdown]
# ### Task 2: the principal components by the SVD
#
# Take the thin SVD of the centred data, `U, s, Vt = np.linalg.svd(Xc, full_matrices=False)`,
# and from it build:
#
# - `V`, shape `(64, 64)`: the principal components as **columns** (the rows of `Vt`);
# - `eigenvalues`, shape `(64,)`: the variance along each component, $s_j^2/(n-1)$, largest
#   first.
#
# Check three facts: the columns of `V` are orthonormal, the eigenvalues add up to the total
# variance (the sum of the 64 pixel variances, `X.var(axis=0, ddof=1).sum()`), and your
# prediction from task 1 about the zero eigenvalues holds. Then draw the first eight
# components, each reshaped to 8 by 8. Component signs are arbitrary; to get the same pictures
# on every computer, flip each column so its largest entry (in absolute value) is positive,
# the convention `fix_signs` of the lesson's
# [eigenvector route](https://mathforml.github.io/mathforml/linear-algebra/pca/#the-eigenvector-route).

# %% [markdown]
# #### Solution to task 2
#
# The SVD returns the singular values already sorted, largest first, so no reordering is
# needed. "Zero" has to mean "zero up to rounding": the three smallest eigenvalues come out
# tiny (below $10^{-20}$) rather than exactly 0, so we count the eigenvalues that are not tiny
# compared with the largest.


# %%
def fix_signs(V):
    """Flip each column of V so that its largest-magnitude entry is positive."""
    rows = np.argmax(np.abs(V), axis=0)
    return V * np.sign(V[rows, np.arange(V.shape[1])])


U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
V = fix_signs(Vt.T)
eigenvalues = s**2 / (n - 1)
nonzero = int(np.sum(eigenvalues > 1e-10 * eigenvalues[0]))

print("largest five eigenvalues:", np.round(eigenvalues[:5], 2))
print("smallest three eigenvalues:", eigenvalues[-3:])
print("total variance:", round(eigenvalues.sum(), 2), " non-zero eigenvalues:", nonzero)
assert np.allclose(V.T @ V, np.eye(d))
assert np.isclose(eigenvalues.sum(), X.var(axis=0, ddof=1).sum())
assert nonzero == d - len(blank) == 61 and np.all(eigenvalues[-3:] < 1e-20)

# %%
# Figure: the first eight principal components of the digits, each drawn as an 8 by 8 image in a red-blue diverging colour map, blue for positive weights and red for negative ones; each is a blurry pattern of opposing strokes, and later components have finer detail
fig, axes = plt.subplots(1, 8, figsize=(8, 1.6), layout="constrained", subplot_kw=NO_TICKS)
limit = np.abs(V[:, :8]).max()
for j, ax in enumerate(axes):
    ax.imshow(V[:, j].reshape(8, 8), cmap="RdBu", vmin=-limit, vmax=limit)
    ax.set_title(f"PC{j + 1}", fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# Each component is a pattern over the whole image: moving along it darkens the blue pixels
# and lightens the red ones, together. So a direction of large variance is a way in which whole
# strokes move at once, not a single pixel. Later components carry finer detail; task 4 shows
# which digits lie at either end of the first two.

# %% [markdown]
# ### Task 3: explained variance, and choosing k
#
# Compute the explained variance ratio of every component, `ratio` (shape `(64,)`), and its
# running total, `cumulative`. Then find `k90` and `k95`, the smallest numbers of components
# that keep at least 90% and at least 95% of the variance (hint: `np.argmax` on a boolean
# array returns the first `True`). Before you compute, guess how many of the 64 the digits
# need.
#
# Draw the ratios as bars and the cumulative share as a line, with the two thresholds marked.

# %% [markdown]
# #### Solution to task 3
#
# No single direction dominates: the first component keeps only about 15% of the variance,
# and 90% takes 21 components, 95% takes 29. A digit image really does vary in many
# independent ways (slant, thickness, loops, the shape of each stroke). Still, 21 numbers
# instead of 64 keep 90% of it.

# %%
ratio = eigenvalues / eigenvalues.sum()
cumulative = np.cumsum(ratio)
k90 = int(np.argmax(cumulative >= 0.90)) + 1
k95 = int(np.argmax(cumulative >= 0.95)) + 1
print("first five ratios:", np.round(ratio[:5], 3))
print(f"k for 90%: {k90} (keeps {cumulative[k90 - 1]:.3f})")
print(f"k for 95%: {k95} (keeps {cumulative[k95 - 1]:.3f})")
assert np.isclose(cumulative[-1], 1)
assert cumulative[k90 - 2] < 0.90 <= cumulative[k90 - 1]
assert (k90, k95) == (21, 29)

# %%
# Figure: scree plot for the digits: bars for the explained variance ratio of the 64 components fall from about 0.15 to almost zero, and the cumulative line crosses the dashed 90% line at 21 components and the dotted 95% line at 29
fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
ks = np.arange(1, d + 1)
ax.bar(ks, ratio, color="C0", label="explained variance ratio")
ax.plot(ks, cumulative, color="C1", label="cumulative")
for k, share, style in [(k90, 0.90, "--"), (k95, 0.95, ":")]:
    ax.axhline(share, color="C2", linestyle=style, label=f"{share:.0%}: k = {k}")
    ax.plot(k, cumulative[k - 1], "o", color="C2")
ax.set_xlabel("number of components k")
ax.set_ylabel("fraction of total variance")
ax.set_ylim(0, 1.05)
ax.grid(True, axis="y")
ax.legend(loc="center right", fontsize=8)
plt.show()

# %% [markdown]
# ### Task 4: the digits on a flat page
#
# Project every centred image onto the first two components, `Z = Xc @ V[:, :2]` (shape
# `(1797, 2)`), and draw a scatter plot with one colour per digit (`f"C{digit}"` gives ten
# different colours). Writing each digit at the centre of its cloud (`ax.text`) makes the plot
# easier to read. Check that the variance of each column of `Z` is the matching eigenvalue.
#
# Then answer: which digits stand apart, which pile up on each other? And what share of the
# variance does this picture show?

# %% [markdown]
# #### Solution to task 4

# %%
Z = Xc @ V[:, :2]
centres = np.array([Z[y == digit].mean(axis=0) for digit in range(10)])
print(f"the picture shows {cumulative[1]:.1%} of the variance")
assert Z.shape == (1797, 2)
assert np.allclose(Z.var(axis=0, ddof=1), eigenvalues[:2])
assert np.allclose(Z.mean(axis=0), 0)

# %%
# Figure: the 1797 digits projected onto the first two principal components, one colour per digit, with each digit's label written at the centre of its cloud; the zeros form a separate group at the bottom and the fours and sixes on the right, the threes and nines overlap on the left, and the fives and eights are lost in a crowded middle among the twos, sevens and ones
fig, ax = plt.subplots(figsize=(6.5, 5.5), layout="constrained")
for digit in range(10):
    ax.scatter(*Z[y == digit].T, s=6, color=f"C{digit}", alpha=0.5, label=str(digit))
for digit, (cx, cy) in enumerate(centres):
    ax.text(cx, cy, str(digit), fontsize=16, weight="bold", ha="center", va="center")
ax.set_xlabel(f"PC1 ({ratio[0]:.1%} of the variance)")
ax.set_ylabel(f"PC2 ({ratio[1]:.1%} of the variance)")
ax.legend(title="digit", fontsize=8, markerscale=2, loc="upper left", bbox_to_anchor=(1, 1))
plt.show()

# %% [markdown]
# PCA never saw the labels, yet some digits gather in a region of their own: the zeros at the
# bottom, the fours and sixes on the right. Others share their ground: threes with nines, and
# the fives and eights are lost in the crowded middle. The picture shows only 28.5% of the
# variance, and what tells those digits apart lives in the other 71.5%. The next cell puts a
# number on "a region of their own": for each digit, the share of its images whose nearest
# digit centre in this plane is its own. It is over 80% for 0, 4 and 6, and under 30% for 5
# and 8.

# %%
distances = np.linalg.norm(Z[:, None, :] - centres[None, :, :], axis=2)
nearest_is_own = distances.argmin(axis=1) == y
own_share = np.array([nearest_is_own[y == digit].mean() for digit in range(10)])
for digit in np.argsort(-own_share, kind="stable"):
    print(f"digit {digit}: {own_share[digit]:.0%} nearest to its own centre")
assert np.isclose(1 - cumulative[1], 0.715, atol=5e-4)
assert own_share[[0, 4, 6]].min() > 0.8 and own_share[[5, 8]].max() < 0.3

# %% [markdown]
# ### Task 5: rebuild digits from k components
#
# Write `reconstruct(k)`, which keeps the first `k` components and maps the scores back to
# pixels, $\hat{\mathbf{X}} = \mathbf{X}_c\mathbf{V}_k\mathbf{V}_k^\top + \boldsymbol{\mu}$,
# returning an array of shape `(1797, 64)`. Then:
#
# - check, for $k = 2$, `k90`, `k95` and 64, that the squared error
#   $\|\mathbf{X} - \hat{\mathbf{X}}\|_F^2$ equals $(n-1)$ times the sum of the dropped
#   eigenvalues, and print the typical error per pixel,
#   $\sqrt{\|\mathbf{X} - \hat{\mathbf{X}}\|_F^2 / (n d)}$, in grey levels (out of 16);
# - draw the first image of each digit in a grid: the originals in the top row, and below
#   them the reconstructions from 2, 5, `k90` and `k95` components.
#
# Predict first: from how many components will you recognise every digit?

# %% [markdown]
# #### Solution to task 5


# %%
def reconstruct(k):
    """The images rebuilt from the first k principal components."""
    Vk = V[:, :k]
    return Xc @ Vk @ Vk.T + mu


print(f"{'k':>3} {'kept':>6} {'squared error':>14} {'(n-1) x dropped':>16} {'per pixel':>10}")
for k in (2, 5, k90, k95, d):
    error = np.sum((X - reconstruct(k)) ** 2)
    predicted = (n - 1) * eigenvalues[k:].sum()
    per_pixel = np.sqrt(error / (n * d))
    print(f"{k:>3} {cumulative[k - 1]:>6.3f} {error:>14.0f} {predicted:>16.0f} {per_pixel:>10.2f}")
    assert np.isclose(error, predicted, rtol=1e-9, atol=1e-6)
assert np.allclose(reconstruct(d), X)

# %%
# Figure: a grid of digit images, one column for each digit 0 to 9; the top row shows the originals, and the rows below show reconstructions from 2, 5, 21 and 29 principal components; with 2 components most digits are blurs, with 5 several are recognisable, with 21 and 29 they look almost like the originals
first_of_each = [int(np.flatnonzero(y == digit)[0]) for digit in range(10)]
rows = [("original", X)] + [(f"k = {k}", reconstruct(k)) for k in (2, 5, k90, k95)]
fig, axes = plt.subplots(len(rows), 10, figsize=(8, 4.6), layout="constrained", subplot_kw=NO_TICKS)
for (name, images), row_axes in zip(rows, axes):
    for ax, i in zip(row_axes, first_of_each):
        ax.imshow(images[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
    row_axes[0].set_ylabel(name, fontsize=9)
plt.show()

# %% [markdown]
# Two components leave most digits as blurs (the 0 survives best), five already make several
# of them recognisable, and at `k90` the typical pixel is off by about 1.35 grey levels out of 16:
# hard to tell from the original at this size. The error is exactly the variance that was
# dropped, as the lesson proves, so the scree plot of task 3 predicted these pictures.

# %%
per_pixel_k90 = np.sqrt(np.sum((X - reconstruct(k90)) ** 2) / (n * d))
print(f"typical error per pixel at k = {k90}: {per_pixel_k90:.2f} grey levels")
assert round(per_pixel_k90, 2) == 1.35

# %% [markdown]
# ### Task 6: check against scikit-learn
#
# Fit `sklearn.decomposition.PCA` to the raw images `X` (it centres them itself) and compare
# with yours: `mean_` with `mu`, `explained_variance_` with `eigenvalues`,
# `explained_variance_ratio_` with `ratio`, the rows of `components_` with the columns of `V`,
# and `transform(X)[:, :2]` with `Z`. Components and scores can only agree **up to sign**, so
# write `same_up_to_sign(A, B)`, true when every column of `A` equals the matching column of
# `B` or its negative. Compare only the 61 components with non-zero variance: along the three
# zero-variance directions any orthonormal basis is as good as another.
#
# Finally, `PCA(n_components=0.95)` chooses $k$ itself. Does it agree with your `k95`?

# %% [markdown]
# #### Solution to task 6


# %%
def same_up_to_sign(A, B):
    """True if every column of A equals the matching column of B or its negative."""
    return all(np.allclose(a, b) or np.allclose(a, -b) for a, b in zip(A.T, B.T))


sk = PCA().fit(X)
assert np.allclose(sk.mean_, mu)
assert np.allclose(sk.explained_variance_[:nonzero], eigenvalues[:nonzero])
assert np.allclose(sk.explained_variance_ratio_[:nonzero], ratio[:nonzero])

# %%
components_agree = same_up_to_sign(sk.components_[:nonzero].T, V[:, :nonzero])
scores_agree = same_up_to_sign(sk.transform(X)[:, :2], Z)
k_sklearn = PCA(n_components=0.95).fit(X).n_components_
print("components agree up to sign:", components_agree)
print("2-D scores agree up to sign:", scores_agree)
print("scikit-learn's k for 95%:", k_sklearn, " yours:", k95)
assert components_agree and scores_agree
assert k_sklearn == k95

# %% [markdown]
# Everything agrees: the mean, the variances and their ratios, the components and the scores
# (up to sign), and the choice of $k$. Your handful of NumPy lines is PCA.
#
# **More to try on your own:**
#
# - *Fit on part, apply to the rest.* Shuffle the images with `np.random.default_rng(0)`, fit
#   `mu` and `V` on the first 1500 only, and reconstruct the other 297 with them. Is the error
#   per pixel at `k90` much worse than on the images the components were fitted to?
# - *Standardise or not?* All 64 features are grey levels on one scale, so raw PCA is the
#   natural choice here (see the lesson's
#   [pitfalls](https://mathforml.github.io/mathforml/linear-algebra/pca/#pitfalls)). Standardise
#   anyway (leaving out the blank pixels, whose standard deviation is 0) and see what happens
#   to `k90`.

# %% [markdown]
# ## Summary
#
# - 1797 digit images are 1797 points in $\mathbb{R}^{64}$; three pixels are blank in all of
#   them, so at most 61 eigenvalues are non-zero.
# - The SVD of the centred images gives every component and its variance,
#   $\lambda_j = s_j^2/(n-1)$, in one call.
# - The digits need 21 components for 90% of the variance and 29 for 95%.
# - Two components show 28.5% of the variance: enough to separate some digits, not all.
# - Rebuilding from $k$ components costs exactly $(n-1)$ times the dropped eigenvalues; at
#   $k = 21$ a typical pixel is off by about 1.35 grey levels out of 16.
# - scikit-learn's `PCA` agrees with the from-scratch version, up to the sign of each
#   component.
