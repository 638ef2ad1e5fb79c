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
# # Lab: cosine similarity search
#
# Type a question into a documentation site, a shop or a chat assistant and, very often, the
# first thing that happens is a *similarity search*: the question is turned into a vector,
# every stored document already is one, and the system returns the documents whose vectors
# point in the most similar direction.
#
# In this lab you build that search engine in a few lines of NumPy. The "embeddings" are small
# and hand-made, so you can read every number. The search itself is **exact, brute-force**
# search:
#
# 1. turn each sentence into a vector and stack them into a matrix;
# 2. scale every row to length 1;
# 3. score a query against *all* sentences with one matrix-vector product;
# 4. sort the scores and return the best matches.
#
# That is the definition a vector database must approximate, and what it runs on small
# collections. With millions of vectors, scoring every one for every query is too slow, so
# real vector databases build an *approximate nearest-neighbour* (ANN) index instead, such as
# HNSW (layered graphs of near neighbours, searched by hopping greedily to whichever neighbour
# is closer to the query) or IVF (the vectors grouped into clusters, of which only the few
# nearest the query are scanned). They score only a small fraction of the collection and may
# occasionally miss a true best match: speed bought with a little accuracy. Exact search, as
# built here, is the reference they are measured against.
#
# Along the way you will see why step 2 matters, draw the full similarity matrix as a heatmap,
# and check the fast version against a slow loop that follows the textbook formula. Three tasks
# at the end, each with a solution, let you use what you built.
#
# Run the cells in order, top to bottom. Everything the lab needs is defined here: no
# downloads, no data files.

# %%
import re

import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. A tiny embedding: counting topic words
#
# Real embeddings come from a trained model and have hundreds of dimensions that nobody can
# name. Ours have six dimensions, and each one means something: how many words from a short
# topic list appear in the sentence. The topics are animals, food, sport, weather, code and
# music.
#
# So a sentence becomes a vector $\mathbf{x} \in \mathbb{R}^6$ whose entry $x_j$ counts the
# words of topic $j$. The sentence "The dog stole my pizza." has one animal word and one food
# word, so its vector is $(1, 1, 0, 0, 0, 0)$.

# %%
TOPICS = {
    "animals": {"cat", "cats", "dog", "dogs", "bird", "birds", "horse"},
    "food": {"pizza", "bread", "cheese", "lunch", "dinner", "coffee", "food"},
    "sport": {"football", "team", "goal", "match", "tennis", "race"},
    "weather": {"rain", "snow", "wind", "windy", "sunny", "storm"},
    "code": {"python", "numpy", "bug", "build", "code", "compiler"},
    "music": {"jazz", "band", "song", "tune", "concert", "guitar"},
}
features = list(TOPICS)


def embed(text):
    """Count, for each topic, how many words of `text` belong to it."""
    words = re.findall(r"[a-z]+", text.lower())
    return np.array(
        [sum(word in TOPICS[topic] for word in words) for topic in features], dtype=float
    )


embed("The dog stole my pizza.")

# %% [markdown]
# Here are the eight sentences we will search. Each gets a short label for tables and plots.
# Notice the last one: a long festival report that touches on almost every topic.

# %%
sentences = {
    "cat & dog": "The cat chased the dog around the garden after dinner.",
    "lunch": "Warm bread and cheese make a perfect lunch.",
    "late goal": "Our team scored a late goal in the rain.",
    "snowstorm": "Snow and strong wind closed the mountain roads.",
    "python bug": "A Python bug broke the build again.",
    "jazz coder": "She hums a jazz tune while she writes code.",
    "dog & pizza": "The dog stole my pizza.",
    "festival": (
        "Festival report: the band played song after song, food trucks sold pizza and "
        "coffee, a dog show ran between sets, the football team held a penalty contest, "
        "and rain fell on every concert stage."
    ),
}
labels = list(sentences)

# %% [markdown]
# ## 2. Build the matrix
#
# Stack the eight vectors as the rows of a matrix $X$ with 8 rows (one per sentence) and 6
# columns (one per topic). Row $i$ is the vector $\mathbf{x}_i$ of sentence $i$.

# %%
X = np.array([embed(text) for text in sentences.values()])
print("shape:", X.shape)
print(f"{'':>12}" + "".join(f"{name:>9}" for name in features))
for label, row in zip(labels, X):
    print(f"{label:>12}" + "".join(f"{value:>9.0f}" for value in row))

# %% [markdown]
# ## 3. Normalise every row to length 1
#
# Recall the cosine similarity of two vectors from the dot-product lesson:
#
# $$
# \cos\theta = \frac{\mathbf{u} \cdot \mathbf{v}}{\|\mathbf{u}\| \, \|\mathbf{v}\|}
# $$
#
# The division by the two lengths is the expensive-looking part, and it can be done once,
# ahead of time. Divide each row by its L2 norm to get a unit vector
# $\hat{\mathbf{x}}_i = \mathbf{x}_i / \|\mathbf{x}_i\|$. For unit vectors the lengths are 1,
# so the cosine similarity *is* the plain dot product:
#
# $$
# \cos\theta = \hat{\mathbf{u}} \cdot \hat{\mathbf{v}}
# $$
#
# In NumPy, `np.linalg.norm(X, axis=1, keepdims=True)` gives one length per row, shaped
# (8, 1), and broadcasting divides each row by its own length. This only works if no row is
# all zeros, so we check that first.

# %%
norms = np.linalg.norm(X, axis=1, keepdims=True)
assert np.all(norms > 0), "a sentence with no topic words has no direction"
X_unit = X / norms

print("lengths before:", np.round(norms.ravel(), 3))
print("lengths after: ", np.round(np.linalg.norm(X_unit, axis=1), 3))
assert np.allclose(np.linalg.norm(X_unit, axis=1), 1.0)

# %% [markdown]
# ## 4. Score a query against every sentence at once
#
# A query is embedded the same way and normalised to $\hat{\mathbf{q}}$. Its similarity to
# sentence $i$ is $s_i = \hat{\mathbf{x}}_i \cdot \hat{\mathbf{q}}$. Writing all eight dot
# products at once is exactly a matrix-vector product, because each entry of
# $\hat{X}\hat{\mathbf{q}}$ is one row of $\hat{X}$ dotted with $\hat{\mathbf{q}}$:
#
# $$
# \mathbf{s} = \hat{X} \hat{\mathbf{q}}
# $$
#
# One line of code, `X_unit @ q_unit`, scores the whole collection. With a million documents
# it is still one line (and one fast, vectorised operation), but it touches every document for
# every query: that cost is what the approximate indexes of real vector databases avoid.

# %%
query = "my dog loves pizza"
q = embed(query)
q_unit = q / np.linalg.norm(q)
scores = X_unit @ q_unit

print("query vector:", q)
for label, score in zip(labels, scores):
    print(f"{label:>12}  {score:.3f}")

# %% [markdown]
# ## 5. Rank with `np.argsort`
#
# `np.argsort(a)` returns the *indices* that would sort `a` in increasing order. We want the
# largest scores first, so we sort the negated scores. Passing `kind="stable"` keeps tied
# sentences in their original order, so the ranking is the same on every run and every
# machine.

# %%
order = np.argsort(-scores, kind="stable")
print("indices, best first:", order)
print("top 3:", [labels[i] for i in order[:3]])

# %% [markdown]
# Wrap the four steps into a function and try a few queries. The same matrix `X_unit` is
# reused for every query: the documents are normalised once, only the query is new.


# %%
def search(query, k=3):
    """Return the k (label, score) pairs most similar to `query`, best first."""
    q = embed(query)
    q_norm = np.linalg.norm(q)
    if q_norm == 0:
        return []  # the query mentions no known topic, so it has no direction
    scores = X_unit @ (q / q_norm)
    order = np.argsort(-scores, kind="stable")[:k]
    return [(labels[i], round(float(scores[i]), 3)) for i in order]


for query in ["my dog loves pizza", "jazz concert in the rain", "football on a windy day"]:
    print(f"{query!r}")
    for rank, (label, score) in enumerate(search(query), start=1):
        print(f"   {rank}. {label:<12} {score:.3f}    {sentences[label][:50]}")

# %% [markdown]
# The rankings make sense: the dog-and-pizza sentence is a perfect match for the first query
# (same direction, score 1), and the festival report shows up for the music-and-rain query
# because it really is about music and rain, among other things.

# %% [markdown]
# ## 6. Why normalise? Raw dot product and Euclidean distance
#
# Two tempting shortcuts skip the normalisation:
#
# - the **raw dot product** $\mathbf{x}_i \cdot \mathbf{q}$, which grows with the *length* of
#   $\mathbf{x}_i$ as well as with its direction;
# - the **Euclidean distance** $\|\mathbf{x}_i - \mathbf{q}\|$ (smaller is better), which
#   punishes any difference in length.
#
# Compare all three scores for the first query, each with its rank (1 is best).

# %%
q = embed("my dog loves pizza")
raw_dot = X @ q
euclid = np.linalg.norm(X - q, axis=1)
cosine = X_unit @ (q / np.linalg.norm(q))


def ranks(score, best_is_high=True):
    """Rank 1 for the best score; ties keep the original order."""
    order = np.argsort(-score if best_is_high else score, kind="stable")
    r = np.empty(len(score), dtype=int)
    r[order] = np.arange(1, len(score) + 1)
    return r


header = f"{'':>12} {'raw dot':>8} {'rank':>5} {'euclid':>8} {'rank':>5} {'cosine':>8} {'rank':>5}"
print(header)
for i, label in enumerate(labels):
    print(
        f"{label:>12} {raw_dot[i]:>8.0f} {ranks(raw_dot)[i]:>5} "
        f"{euclid[i]:>8.3f} {ranks(euclid, best_is_high=False)[i]:>5} "
        f"{cosine[i]:>8.3f} {ranks(cosine)[i]:>5}"
    )

# %% [markdown]
# Read the table column by column.
#
# - **Raw dot product** puts the festival report first and the perfect match "dog & pizza"
#   only fourth. The festival sentence is long, so its vector is long
#   ($\|\mathbf{x}\| \approx 5.6$ against about 1.4), and a long vector wins dot products just
#   by being long. A search engine built this way favours whoever writes the most words.
# - **Euclidean distance** has the opposite bias: the festival report comes *last*, behind the
#   snowstorm sentence, which shares no topic with the query at all. Short vectors sit near
#   the origin, close to every other short vector.
# - **Cosine similarity** only looks at direction, so length cannot help or hurt.
#
# The problem with the two shortcuts is not the formula, it is the missing normalisation.
# For unit vectors, expanding the square gives
#
# $$
# \|\hat{\mathbf{u}} - \hat{\mathbf{v}}\|^2 = \hat{\mathbf{u}} \cdot \hat{\mathbf{u}} - 2\, \hat{\mathbf{u}} \cdot \hat{\mathbf{v}} + \hat{\mathbf{v}} \cdot \hat{\mathbf{v}} = 2 - 2\cos\theta
# $$
#
# so on normalised vectors, the smallest distance is the largest cosine, and all three
# methods agree. The next cell checks that claim numerically.

# %%
q_unit = q / np.linalg.norm(q)
euclid_unit = np.linalg.norm(X_unit - q_unit, axis=1)

print("distance between unit vectors:", np.round(euclid_unit, 3))
# clip: rounding can push 2 - 2 cos a hair below zero when cos is 1
print("sqrt(2 - 2 cos):              ", np.round(np.sqrt(np.clip(2 - 2 * cosine, 0, None)), 3))
assert np.allclose(euclid_unit**2, 2 - 2 * cosine)

# %% [markdown]
# Perpendicular unit vectors (cosine 0) are $\sqrt{2} \approx 1.414$ apart, identical ones
# are 0 apart, and the order in between is the cosine order reversed.

# %% [markdown]
# ## 7. Every pair at once: the similarity matrix
#
# Scoring one query was a matrix-vector product. Scoring every sentence against every other
# sentence is a matrix-matrix product: entry $(i, j)$ of $S = \hat{X} \hat{X}^{\top}$ is
# $\hat{\mathbf{x}}_i \cdot \hat{\mathbf{x}}_j$, the cosine similarity of sentences $i$ and
# $j$. The matrix is 8 by 8, symmetric, and has ones on the diagonal.

# %%
S = X_unit @ X_unit.T
print(np.round(S, 2))

# %%
# Figure: heatmap of the 8 by 8 cosine similarity matrix of the example sentences, with ones on the diagonal
fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
image = ax.imshow(S, cmap="viridis", vmin=0, vmax=1)
ax.set_xticks(range(len(labels)), labels=labels, rotation=45, ha="right")
ax.set_yticks(range(len(labels)), labels=labels)
for i in range(len(labels)):
    for j in range(len(labels)):
        ax.text(
            j,
            i,
            f"{S[i, j]:.2f}",
            ha="center",
            va="center",
            fontsize=8,
            color="black" if S[i, j] > 0.6 else "white",
        )
ax.set_xlabel("sentence j")
ax.set_ylabel("sentence i")
ax.set_title("Cosine similarity between every pair of sentences")
fig.colorbar(image, ax=ax, label="cosine similarity")
plt.show()

# %% [markdown]
# Bright squares off the diagonal are sentences about the same things: "cat & dog" and
# "dog & pizza" (both mention a dog and food), "jazz coder" and "festival" (music). Dark
# squares are sentences with no topic in common: their vectors are perpendicular, so the
# cosine is exactly 0.
#
# Every score here lies between 0 and 1, not $-1$ and 1, because word counts are never
# negative: all the vectors live in the same corner of the space, so no angle exceeds
# 90 degrees. Learned embeddings have negative entries too and can score below zero.

# %% [markdown]
# ## 8. Check the fast version against the formula
#
# The matrix shortcut is only worth having if it computes the same numbers as the textbook
# definition. The loop below applies
# $\cos\theta_{ij} = \mathbf{x}_i \cdot \mathbf{x}_j / (\|\mathbf{x}_i\| \, \|\mathbf{x}_j\|)$
# to every pair, one `np.dot` at a time, on the *raw* vectors.

# %%
n = len(X)
S_loop = np.zeros((n, n))
for i in range(n):
    for j in range(n):
        S_loop[i, j] = np.dot(X[i], X[j]) / (np.linalg.norm(X[i]) * np.linalg.norm(X[j]))

scores_loop = np.array([np.dot(x, q) / (np.linalg.norm(x) * np.linalg.norm(q)) for x in X])

assert np.allclose(S, S_loop), "matrix version disagrees with the loop"
assert np.allclose(cosine, scores_loop), "query scores disagree with the loop"
assert np.all((S >= -1 - 1e-12) & (S <= 1 + 1e-12)), "a cosine outside [-1, 1]"
assert np.allclose(np.diag(S), 1.0), "a sentence is not perfectly similar to itself"
assert np.allclose(S, S.T), "similarity should be symmetric"
print("all checks passed")

# %% [markdown]
# Why the small tolerance `1e-12` in the range check? Floating-point rounding can make a
# cosine that should be exactly 1 come out as `1.0000000000000002`. Code that feeds
# similarities into `np.arccos` to get an angle usually clips them first with
# `np.clip(S, -1, 1)` for the same reason.

# %% [markdown]
# ## Try it yourself
#
# Three tasks, each followed by a solution. Write your own answer in a new cell first (in
# Jupyter, press `Esc` and then `B` to add a cell below the selected one), and only then read on.
#
# ### Task 1: a query with no topic words
#
# Predict what `search("the quick brown fox")` returns, and why. Then predict what the
# unguarded formula `X_unit @ (q / np.linalg.norm(q))` would give for this query, and what
# `np.argsort` would make of it. (Hint: what is the length of the zero vector?)

# %% [markdown]
# #### Solution to task 1
#
# None of the four words is a topic word, so the query vector is all zeros. Its length is 0,
# and a vector of length 0 has no direction: there is no angle to measure. `search` notices and
# returns an empty list. Without the guard, `q / 0` is $0/0$ in every entry, which is `nan`
# ("not a number"); NumPy warns about it (the cell below turns the warning into an error to
# show its text), and every score becomes `nan`. `np.argsort` then still returns an order, the
# original one, so an unguarded search would present the first three sentences as "results":
# a silent wrong answer.

# %%
q_fox = embed("the quick brown fox")
print("query vector:", q_fox, "  length:", np.linalg.norm(q_fox))
print("search:", search("the quick brown fox"))
try:
    with np.errstate(invalid="raise"):
        _ = q_fox / np.linalg.norm(q_fox)
except FloatingPointError as err:
    print("NumPy objects:", err)
with np.errstate(invalid="ignore"):
    unguarded = X_unit @ (q_fox / np.linalg.norm(q_fox))
print("unguarded scores:", unguarded)
fake_top3 = [labels[i] for i in np.argsort(-unguarded, kind="stable")[:3]]
print("an unguarded top 3:", fake_top3)
assert search("the quick brown fox") == []
assert np.all(np.isnan(unguarded))
assert fake_top3 == labels[:3]

# %% [markdown]
# ### Task 2: every sentence's nearest neighbour
#
# Use the similarity matrix `S` from section 7 to find, for each sentence, the *other* sentence
# most similar to it. Before you run anything, predict the answer for "lunch": is it "dog &
# pizza" or the festival report? Then answer a question the table raises: if sentence A's
# nearest neighbour is B, is B's nearest neighbour always A?

# %% [markdown]
# #### Solution to task 2
#
# Every sentence is most similar to itself (the ones on the diagonal), so rule the diagonal out
# first: replace it with $-\infty$, which every real score beats, and take the largest entry
# of each row with `argmax(axis=1)`.

# %%
masked = np.where(np.eye(len(S), dtype=bool), -np.inf, S)
nearest = masked.argmax(axis=1)
for i, j in enumerate(nearest):
    print(f"{labels[i]:>12}  ->  {labels[j]:<12} {S[i, j]:.3f}")

lunch, dog_pizza, festival = (labels.index(name) for name in ["lunch", "dog & pizza", "festival"])
assert nearest[lunch] == dog_pizza
assert S[lunch, dog_pizza] > S[lunch, festival]
assert nearest[dog_pizza] == labels.index("cat & dog")  # not lunch
assert all(nearest[i] != i for i in range(len(S)))

# %% [markdown]
# "Lunch" is closest to "dog & pizza": the two share food, and the festival report shares food
# too but points in many other directions as well. And no, being nearest is not symmetric:
# "lunch" picks "dog & pizza", but "dog & pizza" picks "cat & dog", which is closer still. The
# matrix `S` is symmetric; "nearest" is not, because each row compares against different
# competitors. The same is true of the k-nearest-neighbour classifier later in the course.
#
# ### Task 3: a score below zero
#
# All scores in this lab lie between 0 and 1 because word counts are never negative. Add a
# *sentiment* feature that can be negative: +1 for each of "love", "loves", "great" and -1 for
# each of "hate", "hates", "awful". Write `embed_with_sentiment(text)`, which appends that
# number to `embed(text)` as a seventh entry, and find two sentences whose cosine similarity is
# below zero. What is the angle between them?

# %% [markdown]
# #### Solution to task 3
#
# Two sentences with no topic in common but opposite feelings do it: "I love jazz." is
# $(0, 0, 0, 0, 0, 1, 1)$ (music, then sentiment) and "I hate the rain." is
# $(0, 0, 0, 1, 0, 0, -1)$ (weather, then sentiment). Their dot product is $-1$ and each has
# length $\sqrt{2}$, so the cosine is $-1/2$ and the angle $120^\circ$, wider than a right
# angle. The function builds on `embed`, so `TOPICS` and everything above stay as they were.

# %%
POSITIVE = {"love", "loves", "great"}
NEGATIVE = {"hate", "hates", "awful"}


def embed_with_sentiment(text):
    """The six topic counts, then +1 per positive word and -1 per negative word."""
    words = re.findall(r"[a-z]+", text.lower())
    sentiment = sum(word in POSITIVE for word in words) - sum(word in NEGATIVE for word in words)
    return np.append(embed(text), sentiment)


a = embed_with_sentiment("I love jazz.")
b = embed_with_sentiment("I hate the rain.")
cos_ab = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
angle = np.degrees(np.arccos(np.clip(cos_ab, -1, 1)))
print("love jazz:", a)
print("hate rain:", b)
print(f"cosine {cos_ab:.3f}, angle {angle:.1f} degrees")
assert np.isclose(a @ b, -1) and np.isclose(np.linalg.norm(a), np.sqrt(2))
assert np.isclose(np.linalg.norm(b), np.sqrt(2))
assert np.isclose(cos_ab, -0.5) and np.isclose(angle, 120)

# %% [markdown]
# Learned embeddings have negative entries, so scores below zero are possible there (how often
# depends on the model).
# More to try on your own: add a "travel" topic (train, flight, hotel, ...) to `TOPICS` and a
# sentence that uses it, and rerun the notebook from the top: everything downstream, the
# heatmap included, should work without further changes.

# %% [markdown]
# ## Summary
#
# - A similarity search is the dot product from the dot-product lesson, applied at scale:
#   embed, normalise, score, sort.
# - Normalising each row to length 1 once, ahead of time, turns cosine similarity into a plain
#   dot product, and scoring a query against every document into one matrix-vector product
#   $\hat{X}\hat{\mathbf{q}}$.
# - `np.argsort(-scores)` gives the ranking, best first; `kind="stable"` makes ties
#   reproducible.
# - Scoring every document is exact, brute-force search. Vector databases with millions of
#   vectors use approximate nearest-neighbour indexes such as HNSW or IVF instead, which score
#   only a fraction of the collection and are checked against exact search.
# - Without normalisation, the raw dot product rewards long documents and the Euclidean
#   distance rewards short ones. On unit vectors,
#   $\|\hat{\mathbf{u}} - \hat{\mathbf{v}}\|^2 = 2 - 2\cos\theta$, so all three agree.
# - The pairwise similarity matrix $\hat{X}\hat{X}^{\top}$ is symmetric with ones on the
#   diagonal, and every entry lies in $[-1, 1]$, in $[0, 1]$ here because counts are never
#   negative.
# - Checking a fast, vectorised computation against a slow, obvious loop is a habit worth
#   keeping for every algorithm in this course.
