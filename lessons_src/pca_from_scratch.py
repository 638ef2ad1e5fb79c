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
# In 1936 the statistician R. A. Fisher published four measurements of 150 iris flowers:
# the length and width of the sepals (the green leaves under the petals) and of the petals,
# 50 flowers from each of three species, *Iris setosa*, *Iris versicolor* and
# *Iris virginica*. The table has been a favourite teaching data set ever since: it is
# distributed by the UCI Machine Learning Repository, and scikit-learn ships a copy as
# `sklearn.datasets.load_iris`, so it needs no download.
#
# Four measurements per flower means every flower is a point in $\mathbb{R}^4$, which nobody
# can draw. In this lab you compute a principal component analysis of the flowers from
# scratch, two ways, and use it to draw them in two dimensions after all. The plan:
#
# 1. centre the data and compute its covariance matrix by hand, checked against `np.cov`;
# 2. **route 1**: the eigenvectors of the covariance matrix (`np.linalg.eigh`);
# 3. **route 2**: the SVD of the centred data (`np.linalg.svd`), and show that both routes
#    give the same components up to sign;
# 4. explained variance ratios, with a scree plot;
# 5. the flowers projected onto two components, coloured by species;
# 6. reconstruction from $k = 1, 2, 3, 4$ components and its error;
# 7. a final check against scikit-learn's `PCA`, if it is installed.
#
# Run the cells in order, top to bottom. The lesson "PCA from scratch" explains every
# formula used here.

# %%
import matplotlib.pyplot as plt
import numpy as np

try:
    from sklearn.datasets import load_iris

    HAVE_SKLEARN = True
except ImportError:
    HAVE_SKLEARN = False

print("scikit-learn available:", HAVE_SKLEARN)

# %% [markdown]
# ## 1. The data
#
# The next cell holds a plain-text copy of the 150 flowers (sepal length, sepal width, petal
# length, petal width, in cm; 50 setosa, then 50 versicolor, then 50 virginica), so that the
# lab also runs where scikit-learn is not installed. When scikit-learn *is* installed, the
# data comes from `load_iris` and the copy is checked against it, value by value. You can
# skim past the numbers.

# %%
IRIS_COPY = """
    5.1 3.5 1.4 0.2   4.9 3.0 1.4 0.2   4.7 3.2 1.3 0.2   4.6 3.1 1.5 0.2   5.0 3.6 1.4 0.2
    5.4 3.9 1.7 0.4   4.6 3.4 1.4 0.3   5.0 3.4 1.5 0.2   4.4 2.9 1.4 0.2   4.9 3.1 1.5 0.1
    5.4 3.7 1.5 0.2   4.8 3.4 1.6 0.2   4.8 3.0 1.4 0.1   4.3 3.0 1.1 0.1   5.8 4.0 1.2 0.2
    5.7 4.4 1.5 0.4   5.4 3.9 1.3 0.4   5.1 3.5 1.4 0.3   5.7 3.8 1.7 0.3   5.1 3.8 1.5 0.3
    5.4 3.4 1.7 0.2   5.1 3.7 1.5 0.4   4.6 3.6 1.0 0.2   5.1 3.3 1.7 0.5   4.8 3.4 1.9 0.2
    5.0 3.0 1.6 0.2   5.0 3.4 1.6 0.4   5.2 3.5 1.5 0.2   5.2 3.4 1.4 0.2   4.7 3.2 1.6 0.2
    4.8 3.1 1.6 0.2   5.4 3.4 1.5 0.4   5.2 4.1 1.5 0.1   5.5 4.2 1.4 0.2   4.9 3.1 1.5 0.2
    5.0 3.2 1.2 0.2   5.5 3.5 1.3 0.2   4.9 3.6 1.4 0.1   4.4 3.0 1.3 0.2   5.1 3.4 1.5 0.2
    5.0 3.5 1.3 0.3   4.5 2.3 1.3 0.3   4.4 3.2 1.3 0.2   5.0 3.5 1.6 0.6   5.1 3.8 1.9 0.4
    4.8 3.0 1.4 0.3   5.1 3.8 1.6 0.2   4.6 3.2 1.4 0.2   5.3 3.7 1.5 0.2   5.0 3.3 1.4 0.2

    7.0 3.2 4.7 1.4   6.4 3.2 4.5 1.5   6.9 3.1 4.9 1.5   5.5 2.3 4.0 1.3   6.5 2.8 4.6 1.5
    5.7 2.8 4.5 1.3   6.3 3.3 4.7 1.6   4.9 2.4 3.3 1.0   6.6 2.9 4.6 1.3   5.2 2.7 3.9 1.4
    5.0 2.0 3.5 1.0   5.9 3.0 4.2 1.5   6.0 2.2 4.0 1.0   6.1 2.9 4.7 1.4   5.6 2.9 3.6 1.3
    6.7 3.1 4.4 1.4   5.6 3.0 4.5 1.5   5.8 2.7 4.1 1.0   6.2 2.2 4.5 1.5   5.6 2.5 3.9 1.1
    5.9 3.2 4.8 1.8   6.1 2.8 4.0 1.3   6.3 2.5 4.9 1.5   6.1 2.8 4.7 1.2   6.4 2.9 4.3 1.3
    6.6 3.0 4.4 1.4   6.8 2.8 4.8 1.4   6.7 3.0 5.0 1.7   6.0 2.9 4.5 1.5   5.7 2.6 3.5 1.0
    5.5 2.4 3.8 1.1   5.5 2.4 3.7 1.0   5.8 2.7 3.9 1.2   6.0 2.7 5.1 1.6   5.4 3.0 4.5 1.5
    6.0 3.4 4.5 1.6   6.7 3.1 4.7 1.5   6.3 2.3 4.4 1.3   5.6 3.0 4.1 1.3   5.5 2.5 4.0 1.3
    5.5 2.6 4.4 1.2   6.1 3.0 4.6 1.4   5.8 2.6 4.0 1.2   5.0 2.3 3.3 1.0   5.6 2.7 4.2 1.3
    5.7 3.0 4.2 1.2   5.7 2.9 4.2 1.3   6.2 2.9 4.3 1.3   5.1 2.5 3.0 1.1   5.7 2.8 4.1 1.3

    6.3 3.3 6.0 2.5   5.8 2.7 5.1 1.9   7.1 3.0 5.9 2.1   6.3 2.9 5.6 1.8   6.5 3.0 5.8 2.2
    7.6 3.0 6.6 2.1   4.9 2.5 4.5 1.7   7.3 2.9 6.3 1.8   6.7 2.5 5.8 1.8   7.2 3.6 6.1 2.5
    6.5 3.2 5.1 2.0   6.4 2.7 5.3 1.9   6.8 3.0 5.5 2.1   5.7 2.5 5.0 2.0   5.8 2.8 5.1 2.4
    6.4 3.2 5.3 2.3   6.5 3.0 5.5 1.8   7.7 3.8 6.7 2.2   7.7 2.6 6.9 2.3   6.0 2.2 5.0 1.5
    6.9 3.2 5.7 2.3   5.6 2.8 4.9 2.0   7.7 2.8 6.7 2.0   6.3 2.7 4.9 1.8   6.7 3.3 5.7 2.1
    7.2 3.2 6.0 1.8   6.2 2.8 4.8 1.8   6.1 3.0 4.9 1.8   6.4 2.8 5.6 2.1   7.2 3.0 5.8 1.6
    7.4 2.8 6.1 1.9   7.9 3.8 6.4 2.0   6.4 2.8 5.6 2.2   6.3 2.8 5.1 1.5   6.1 2.6 5.6 1.4
    7.7 3.0 6.1 2.3   6.3 3.4 5.6 2.4   6.4 3.1 5.5 1.8   6.0 3.0 4.8 1.8   6.9 3.1 5.4 2.1
    6.7 3.1 5.6 2.4   6.9 3.1 5.1 2.3   5.8 2.7 5.1 1.9   6.8 3.2 5.9 2.3   6.7 3.3 5.7 2.5
    6.7 3.0 5.2 2.3   6.3 2.5 5.0 1.9   6.5 3.0 5.2 2.0   6.2 3.4 5.4 2.3   5.9 3.0 5.1 1.8
"""

FEATURES = ["sepal length", "sepal width", "petal length", "petal width"]
SPECIES = ["setosa", "versicolor", "virginica"]

X_copy = np.array(IRIS_COPY.split(), dtype=float).reshape(150, 4)
y_copy = np.repeat([0, 1, 2], 50)

if HAVE_SKLEARN:
    iris = load_iris()
    X, y = iris.data, iris.target
    assert np.array_equal(X, X_copy) and np.array_equal(y, y_copy), (
        "the copy differs from load_iris"
    )
    print("data: sklearn.datasets.load_iris (Fisher 1936), identical to the copy above")
else:
    X, y = X_copy, y_copy
    print("data: the copy above (scikit-learn is not installed)")

n, d = X.shape
print("shape:", X.shape, " flowers per species:", np.bincount(y))

# %% [markdown]
# A first look: the first flower of each species, and the mean and standard deviation of
# each measurement over all 150 flowers. Petal length varies far more than anything else;
# keep that in mind.

# %%
print(f"{'':>12}" + "".join(f"{name:>14}" for name in FEATURES))
for c in range(3):
    print(f"{SPECIES[c]:>12}" + "".join(f"{value:>14.1f}" for value in X[y == c][0]))
print(f"{'mean':>12}" + "".join(f"{value:>14.3f}" for value in X.mean(axis=0)))
print(f"{'std':>12}" + "".join(f"{value:>14.3f}" for value in X.std(axis=0, ddof=1)))

# %% [markdown]
# ## 2. Centre the data
#
# Subtract the mean flower $\boldsymbol{\mu}$ from every row. The centred matrix
# $\mathbf{X}_c$ has columns that average to zero: the cloud of flowers now sits at the
# origin, which is where variance is measured from.

# %%
mu = X.mean(axis=0)
Xc = X - mu
print("mean flower:", np.round(mu, 3))
print("column means after centring:", np.round(np.abs(Xc.mean(axis=0)), 12))
assert np.allclose(Xc.mean(axis=0), 0)

# %% [markdown]
# ## 3. The covariance matrix, by hand
#
# Entry $(j, k)$ of the covariance matrix is
#
# $$
# C_{jk} = \frac{1}{n-1}\sum_{i=1}^{n} (x_{ij} - \mu_j)(x_{ik} - \mu_k).
# $$
#
# First the slow way, a literal double loop over pairs of features with the sum inside, then
# the matrix form $\mathbf{C} = \mathbf{X}_c^\top\mathbf{X}_c/(n-1)$, then NumPy's `np.cov`
# (with `rowvar=False`, because our variables are columns, not rows). All three must agree.

# %%
C_loop = np.zeros((d, d))
for j in range(d):
    for k in range(d):
        C_loop[j, k] = sum(Xc[i, j] * Xc[i, k] for i in range(n)) / (n - 1)

C = Xc.T @ Xc / (n - 1)

assert np.allclose(C, C_loop)
assert np.allclose(C, np.cov(X, rowvar=False))
assert np.allclose(C, C.T)
print(f"{'':>14}" + "".join(f"{name:>14}" for name in FEATURES))
for name, row in zip(FEATURES, C):
    print(f"{name:>14}" + "".join(f"{value:>14.3f}" for value in row))

# %% [markdown]
# The diagonal holds the four variances (petal length's 3.116 dwarfs the rest). The large
# positive covariances between sepal length, petal length and petal width say that big
# flowers tend to be big in all three; sepal width goes slightly the other way.

# %% [markdown]
# ## 4. Route 1: eigenvectors of the covariance matrix
#
# The principal components are the eigenvectors of $\mathbf{C}$, sorted by eigenvalue from
# largest to smallest, and each eigenvalue is the variance of the flowers along its
# component. `np.linalg.eigh` is made for symmetric matrices; it returns the eigenvalues in
# *ascending* order, so we reverse them.
#
# An eigenvector is only defined up to sign ($-\mathbf{v}$ is as good as $\mathbf{v}$), and
# different computers may return either. To print stable numbers we flip each component so
# that its largest entry, in absolute value, is positive.


# %%
def fix_signs(V):
    """Flip each column of V so that its largest-magnitude entry is positive."""
    rows = np.argmax(np.abs(V), axis=0)
    return V * np.sign(V[rows, np.arange(V.shape[1])])


def same_up_to_sign(A, B):
    """True if every column of A equals the matching column of B or its negative."""
    return all(np.allclose(a, b) or np.allclose(a, -b) for a, b in zip(A.T, B.T))


eigenvalues, eigenvectors = np.linalg.eigh(C)
order = np.argsort(eigenvalues)[::-1]
lam_eig = eigenvalues[order]
V_eig = fix_signs(eigenvectors[:, order])

print("eigenvalues (variance along each component):", np.round(lam_eig, 4))
assert np.allclose(C @ V_eig, V_eig * lam_eig)  # C v = lambda v, column by column
assert np.allclose(V_eig.T @ V_eig, np.eye(d))  # orthonormal
assert np.isclose(lam_eig.sum(), np.trace(C))  # total variance is preserved
assert np.all(lam_eig > 0)

# %% [markdown]
# ## 5. Route 2: the SVD of the centred data
#
# Write $\mathbf{X}_c = \mathbf{U}\mathbf{S}\mathbf{V}^\top$. Then
# $\mathbf{C} = \mathbf{V}\,\frac{\mathbf{S}^2}{n-1}\,\mathbf{V}^\top$, so the components are
# the rows of $\mathbf{V}^\top$ and the eigenvalues are $s_j^2/(n-1)$. This route never forms
# $\mathbf{C}$ at all.

# %%
U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
lam_svd = s**2 / (n - 1)
V_svd = fix_signs(Vt.T)

print("singular values:            ", np.round(s, 4))
print("s^2 / (n - 1):              ", np.round(lam_svd, 4))
print("eigenvalues from route 1:   ", np.round(lam_eig, 4))

assert np.allclose(lam_svd, lam_eig)
assert same_up_to_sign(Vt.T, eigenvectors[:, order])  # the raw outputs agree up to sign
assert np.allclose(V_svd, V_eig)  # and exactly, once signs are fixed
print("both routes give the same components (up to sign) and the same eigenvalues")

# %% [markdown]
# ### Rebuilding the SVD from route 1
#
# The agreement also runs the other way. From route 1 alone we can assemble an SVD of
# $\mathbf{X}_c$: the singular values are $s_j = \sqrt{(n-1)\lambda_j}$, and the left singular
# vectors are the scores divided by them, $\mathbf{u}_j = \mathbf{X}_c\mathbf{v}_j / s_j$.
# If that is right, it must match what `np.linalg.svd` computed directly.

# %%
s_hand = np.sqrt((n - 1) * lam_eig)
U_hand = Xc @ V_eig / s_hand

assert np.allclose(s_hand, np.linalg.svd(Xc, compute_uv=False))  # the singular values
assert np.allclose(U_hand.T @ U_hand, np.eye(d))  # orthonormal columns
assert np.allclose(U_hand * s_hand @ V_eig.T, Xc)  # U S V^T rebuilds X_c
assert same_up_to_sign(U_hand, U)  # np.linalg.svd's U, up to sign
print("the eigen route rebuilds np.linalg.svd(Xc): singular values", np.round(s_hand, 4))

# %% [markdown]
# ## 6. Explained variance ratio
#
# Component $j$ accounts for the fraction $\lambda_j / \sum_k \lambda_k$ of the total
# variance; the running total says how much the first $k$ components keep together.

# %%
ratio = lam_eig / lam_eig.sum()
cumulative = np.cumsum(ratio)
print(f"{'component':>10} {'eigenvalue':>11} {'ratio':>8} {'cumulative':>11}")
for j in range(d):
    print(f"{j + 1:>10} {lam_eig[j]:>11.4f} {ratio[j]:>8.4f} {cumulative[j]:>11.4f}")

# %%
# Figure: scree plot for the Iris data: bars show the explained variance ratio of the four principal components (about 0.925, 0.053, 0.017 and 0.005) and a labelled line shows the cumulative ratio rising through 0.925, 0.978 and 0.995 to 1
fig, ax = plt.subplots(figsize=(5, 4), layout="constrained")
components = np.arange(1, d + 1)
ax.bar(components, ratio, color="C0", label="explained variance ratio")
ax.plot(components, cumulative, "o-", color="C1", label="cumulative")
for j in range(d):
    ax.annotate(
        f"{cumulative[j]:.3f}",
        (components[j], cumulative[j]),
        textcoords="offset points",
        xytext=(0, 7),
        ha="center",
        fontsize=8,
    )
ax.set_xticks(components)
ax.set_xlabel("principal component")
ax.set_ylabel("fraction of total variance")
ax.set_ylim(0, 1.12)
ax.set_title("Iris: explained variance")
ax.legend(loc="center right")
plt.show()

# %% [markdown]
# The first component alone keeps 92.5% of the variance and two keep 97.8%. The four
# measurements of a flower are so strongly related that, for most purposes, the flowers live
# on a flat two-dimensional sheet inside $\mathbb{R}^4$.
#
# ## 7. What do the components mean?
#
# Each component is a recipe: a weighted mix of the four measurements. The weights are
# called *loadings*.

# %%
print(f"{'':>14}" + "".join(f"{'PC' + str(j + 1):>9}" for j in range(d)))
for name, row in zip(FEATURES, V_eig):
    print(f"{name:>14}" + "".join(f"{value:>9.3f}" for value in row))

# %% [markdown]
# PC1 is mostly petal length (0.857), with sepal length and petal width joining in: it is an
# overall "size of the flower" axis, dominated by the measurement that varies most. PC2 is
# mostly the two sepal measurements. Remember the signs are a convention: flipping a whole
# column changes nothing.

# %% [markdown]
# ## 8. The flowers in two dimensions
#
# Project every centred flower onto the first two components,
# $\mathbf{Z} = \mathbf{X}_c\mathbf{V}_2$, a $150 \times 2$ matrix of *scores*, and draw it.
# The SVD gives the same scores as $\mathbf{U}\mathbf{S}$ for free.

# %%
V2 = V_eig[:, :2]
Z = Xc @ V2
assert Z.shape == (150, 2)
assert same_up_to_sign(Z, (U * s)[:, :2])
assert np.allclose(np.var(Z, axis=0, ddof=1), lam_eig[:2])  # the variance along each axis
print("first three flowers in PCA coordinates:")
print(np.round(Z[:3], 3))

# %%
# Figure: the 150 iris flowers projected onto the first two principal components, coloured by species; setosa forms a separate group on the left, while versicolor and virginica sit side by side on the right with a little overlap
fig, ax = plt.subplots(figsize=(6, 4.5), layout="constrained")
for c, colour in zip(range(3), ["C0", "C1", "C2"]):
    ax.scatter(Z[y == c, 0], Z[y == c, 1], s=18, color=colour, alpha=0.8, label=SPECIES[c])
ax.set_xlabel(f"PC1 ({ratio[0]:.1%} of the variance)")
ax.set_ylabel(f"PC2 ({ratio[1]:.1%} of the variance)")
ax.set_title("Iris flowers in their first two principal components")
ax.axhline(0, color="C7", lw=0.8)
ax.axvline(0, color="C7", lw=0.8)
ax.legend(title="species")
plt.show()

# %% [markdown]
# PCA never saw the species labels, yet setosa separates cleanly from the other two along
# PC1: setosa flowers have much smaller petals. Versicolor and virginica are neighbours with
# a small overlap. This is the typical use of PCA for exploration: a faithful flat picture of
# high-dimensional data (97.8% of its variance, here) in which structure becomes visible.
# The next cell puts a number on "separates cleanly".

# %%
pc1_by_species = [Z[y == c, 0] for c in range(3)]
for c in range(3):
    low, high = pc1_by_species[c].min(), pc1_by_species[c].max()
    print(f"{SPECIES[c]:>11}: PC1 from {low:6.3f} to {high:6.3f}")
assert pc1_by_species[0].max() < min(pc1_by_species[1].min(), pc1_by_species[2].min())

# %% [markdown]
# ## 9. Reconstruction from k components
#
# Keeping $k$ components and mapping back,
# $\hat{\mathbf{X}} = \mathbf{X}_c\mathbf{V}_k\mathbf{V}_k^\top + \boldsymbol{\mu}$, loses
# exactly the variance of the dropped components. The squared error over all entries should
# be
#
# $$
# \|\mathbf{X} - \hat{\mathbf{X}}\|_F^2 = (n-1)\,(\lambda_{k+1} + \dots + \lambda_d).
# $$
#
# The last column turns the error into a typical size per measurement, in cm:
# $\sqrt{\|\mathbf{X} - \hat{\mathbf{X}}\|_F^2 / (n d)}$.

# %%
print(f"{'k':>2} {'kept':>7} {'squared error':>14} {'(n-1) * dropped':>16} {'RMS error (cm)':>15}")
errors = []
for k in range(1, d + 1):
    Vk = V_eig[:, :k]
    X_hat = Xc @ Vk @ Vk.T + mu
    error = np.sum((X - X_hat) ** 2)
    predicted = (n - 1) * lam_eig[k:].sum()
    assert np.isclose(error, predicted, atol=1e-9)
    assert np.isclose(error, np.sum(s[k:] ** 2), atol=1e-9)
    errors.append(error)
    rms = np.sqrt(error / (n * d))
    print(f"{k:>2} {cumulative[k - 1]:>7.3f} {error:>14.4f} {predicted:>16.4f} {rms:>15.4f}")

assert np.allclose(errors[-1], 0, atol=1e-9)  # all four components: nothing is lost
assert all(a > b for a, b in zip(errors, errors[1:]))

# %% [markdown]
# With one number per flower the typical measurement is off by about 3 mm; with two, by
# under 2 mm; with all four, the reconstruction is exact. Averages hide individuals, though.
# Here is row 15, a setosa with unusually wide sepals, rebuilt from 1 and 2 components:

# %%
i = 15
print(f"{'':>14}" + "".join(f"{name:>14}" for name in FEATURES))
print(f"{'original':>14}" + "".join(f"{value:>14.2f}" for value in X[i]))
for k in (1, 2):
    Vk = V_eig[:, :k]
    rebuilt = (X[i] - mu) @ Vk @ Vk.T + mu
    print(f"{'k = ' + str(k):>14}" + "".join(f"{value:>14.2f}" for value in rebuilt))

# %% [markdown]
# One component treats this flower as a generic small setosa and shrinks its wide sepals to
# an ordinary 3.26 cm. The second component, which is mostly the two sepal measurements,
# restores the width to 4.24 cm. Which details survive depends on which components you keep.

# %% [markdown]
# ## 10. A pitfall: units
#
# All four Iris measurements are in centimetres, so raw PCA is reasonable here. But PCA
# chases variance, and petal length simply varies most. If the features had different units,
# or you want each to count equally, standardise first (divide each centred column by its
# standard deviation). That is PCA of the correlation matrix, and the answer changes:

# %%
X_std = Xc / X.std(axis=0, ddof=1)
lam_std = np.linalg.eigvalsh(np.cov(X_std, rowvar=False))[::-1]
assert np.allclose(lam_std, np.linalg.eigvalsh(np.corrcoef(X, rowvar=False))[::-1])
print("explained variance ratio, raw:         ", np.round(ratio, 3))
print("explained variance ratio, standardised:", np.round(lam_std / lam_std.sum(), 3))

# %% [markdown]
# Standardised, the first component keeps 73% rather than 92.5%: part of the raw first
# component's dominance came from petal length being measured on a bigger scale. Neither
# answer is wrong; they answer different questions, and you should choose on purpose.
#
# ## 11. Agreement with scikit-learn
#
# Finally, compare with a library implementation. `sklearn.decomposition.PCA` centres the
# data and reports `components_` (one component per row, like $\mathbf{V}^\top$),
# `explained_variance_` (our $\lambda_j$, with the same $n - 1$) and
# `explained_variance_ratio_`. It can compute them either way: `svd_solver="full"` is the SVD
# route, while the default `"auto"` picks a method to suit the shape of the data (for a tall,
# narrow table like Iris, recent versions take the covariance route). We check both. The
# library's sign convention may differ from ours, so components and scores are compared up
# to sign. If scikit-learn is not installed, the check is skipped.

# %%
try:
    from sklearn.decomposition import PCA
except ImportError:
    print("scikit-learn is not installed: skipped the comparison with sklearn.decomposition.PCA")
else:
    for solver in ("full", "auto"):
        sk = PCA(n_components=d, svd_solver=solver).fit(X)
        assert same_up_to_sign(sk.components_.T, V_eig)
        assert np.allclose(sk.explained_variance_, lam_eig)
        assert np.allclose(sk.explained_variance_ratio_, ratio)
        assert np.allclose(sk.mean_, mu)
        assert same_up_to_sign(sk.transform(X)[:, :2], Z)
        print(
            f"svd_solver={solver!r}: scikit-learn agrees on the components (up to sign), "
            "the explained variance and its ratio, and the scores"
        )
    print("sklearn explained_variance_ratio_:", np.round(sk.explained_variance_ratio_, 4))

# %% [markdown]
# ## Try it yourself
#
# 1. **Standardised picture.** Redo the scatter plot of section 8 with the standardised data
#    `X_std`. Does setosa still separate? Which features load on PC1 now?
# 2. **Drop a feature.** Remove petal length (column 2) and rerun the analysis on the three
#    remaining measurements. How much variance do two components keep now, and does the
#    reconstruction-error formula still hold?
# 3. **Fit on part, apply to the rest.** Shuffle the flowers with
#    `rng = np.random.default_rng(0)` and `rng.permutation(150)`, fit the mean and
#    components on the first 100 only, then project the other 50 with *those*. Plot both
#    groups in one figure. Why would fitting on all 150 be cheating if the 50 were a test set?
# 4. **Power iteration.** Start from a random unit vector $\mathbf{w}$ and repeat
#    $\mathbf{w} \leftarrow \mathbf{C}\mathbf{w} / \|\mathbf{C}\mathbf{w}\|_2$ fifty times.
#    Check that $\mathbf{w}$ ends up equal to PC1 up to sign and that
#    $\mathbf{w}^\top\mathbf{C}\,\mathbf{w}$ equals $\lambda_1$. Why does it converge so
#    quickly here? (Compare $\lambda_2/\lambda_1$.)

# %% [markdown]
# ## Summary
#
# - Iris (Fisher, 1936; UCI; bundled with scikit-learn) has 150 flowers with 4 measurements.
#   After centring, its covariance matrix by the formula, by matrix product and by `np.cov`
#   agree.
# - Route 1, the eigenvectors of the covariance matrix, and route 2, the SVD of the centred
#   data, give the same principal components up to sign and the same eigenvalues,
#   $\lambda_j = s_j^2/(n-1)$; the eigen route even rebuilds `np.linalg.svd`'s answer.
# - Two components keep 97.8% of the variance, and the 2-D picture separates setosa
#   without ever seeing a label.
# - Reconstructing from $k$ components costs exactly $(n-1)$ times the dropped eigenvalues,
#   checked for $k = 1, \dots, 4$.
# - Standardising changes the answer (73% instead of 92.5% for PC1): decide on purpose.
# - scikit-learn's `PCA` agrees with the from-scratch version, up to the sign of each
#   component.
