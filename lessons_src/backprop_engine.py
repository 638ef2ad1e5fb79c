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
# # Lab: backprop engine
#
# `loss.backward()` is one line in PyTorch, and it hides the most important algorithm in deep
# learning. In this lab you write your own version: a reverse-mode automatic differentiation
# engine for single numbers, about seventy lines long. Then you test it hard, and train a small
# neural network with it.
#
# **It follows** [Backpropagation from scratch](https://mathforml.github.io/mathforml/calculus/backpropagation/),
# which built a first `Value` class with `+`, `*` and `tanh`
# ([a scalar autograd engine](https://mathforml.github.io/mathforml/calculus/backpropagation/#a-scalar-autograd-engine)),
# and uses its [gradient checking](https://mathforml.github.io/mathforml/calculus/backpropagation/#gradient-checking)
# and [matrix form](https://mathforml.github.io/mathforml/calculus/backpropagation/#the-matrix-form-a-dense-layer).
# The backward pass is the [reverse mode of the chain rule](https://mathforml.github.io/mathforml/calculus/chain-rule/#reverse-mode).
#
# **The tasks**
#
# 1. Grow the lesson's `Value` into a full engine: `-`, `/`, powers, `exp`, `relu`, and a
#    backward pass that cannot hit Python's recursion limit.
# 2. Test it against finite differences on twenty random expressions, without letting
#    expressions whose gradient is zero count as passes.
# 3. Break the engine on purpose and predict which tests catch the bug.
# 4. Build a 2-4-1 neural network out of `Value`s.
# 5. Derive its backward pass in matrix form and check the engine against it.
# 6. Train it, and draw its loss curve and decision boundary.
# 7. Swap the hidden tanh units for ReLUs and look for a dead one.
#
# **How to work.** Run the cells in order, top to bottom. Each task says what to write or
# predict; write your own answer in a new cell first (in Jupyter, press `Esc` and then `B` to
# add a cell below the selected one), and only then read the solution that follows it. The
# solutions end with `assert`s that check the results, and later tasks use the solutions'
# functions, so run them even when your own answer worked. Everything is defined here: no
# downloads, no data files, and the whole lab runs in a few seconds.

# %%
import math
import sys

import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## Tasks
#
# ### Task 1: a full scalar engine
#
# Write a class `Value(data, parents=(), local_grads=())` in the style of the lesson's: every
# operation returns a new `Value` that stores its result, its parents and, for each parent, the
# local derivative of the result with respect to it. Support
#
# - `a + c`, `a - c`, `a * c`, `a / c`, also with a plain number on either side (`2 - v`,
#   `1 / v`), and `-a`;
# - `a ** k` for a constant number `k`;
# - the methods `a.exp()`, `a.tanh()` and `a.relu()` (take the slope of relu at 0 to be 0).
#
# Work out each new local derivative on paper first. Then write `backward()`: list the graph in
# topological order and add $\bar{v}\,\partial v / \partial p$ into every parent, as in the
# lesson, with two changes. Set every node's `grad` to 0 first, so that calling `backward()`
# twice gives the same answer. And build the order with an explicit stack instead of the
# lesson's recursive `visit`, which crashes with `RecursionError` on a chain of operations
# longer than Python's recursion limit. (Hint: push `(node, False)`; when you pop a node the
# first time, push `(node, True)` and then its parents; when you pop `(node, True)`, all of its
# parents are already listed.)
#
# Check it on $f = x^2 y + y / x$ at $x = 2$, $y = 3$: compute $f$ and its two partial
# derivatives by hand, then with your engine.

# %% [markdown]
# #### Solution to task 1
#
# The new local derivatives are $1$ and $-1$ for $a - c$; $1/c$ and $-a/c^2$ for $a / c$;
# $k\,a^{k-1}$ for $a^k$; $e^a$, the result itself, for $e^a$; and $1$ for $a > 0$, $0$
# otherwise, for $\text{relu}(a) = \max(a, 0)$. The reflected operations (`__rsub__` and
# friends) turn the plain number into a constant `Value` and reuse the ordinary ones.


# %%
class Value:
    """A scalar that records the operations that produced it, for reverse-mode autodiff."""

    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads

    def __repr__(self):
        return f"Value(data={self.data:.4f}, grad={self.grad:.4f})"

    @staticmethod
    def lift(other):
        """Turn a plain number into a constant Value, so that 2 * v works."""
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = Value.lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = Value.lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __truediv__(self, other):
        other = Value.lift(other)
        return Value(
            self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data**2)
        )

    def __pow__(self, exponent):
        assert isinstance(exponent, (int, float)), "only constant exponents are supported"
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return Value.lift(other) + self

    def __rsub__(self, other):
        return Value.lift(other) - self

    def __rmul__(self, other):
        return Value.lift(other) * self

    def __rtruediv__(self, other):
        return Value.lift(other) / self

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def topological_order(self):
        """Every node reachable from self, each one after all of its parents."""
        order, done = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_listed = stack.pop()
            if parents_listed:
                order.append(node)
            elif node not in done:
                done.add(node)
                stack.append((node, True))  # come back once the parents are in the list
                stack.extend((parent, False) for parent in node.parents)
        return order

    def backward(self):
        order = self.topological_order()
        for node in order:
            node.grad = 0.0  # start clean, so calling backward twice gives the same answer
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += node.grad * local


# %% [markdown]
# By hand: $f = 4 \times 3 + 3/2 = 13.5$,
# $\partial f / \partial x = 2xy - y/x^2 = 12 - 0.75 = 11.25$ and
# $\partial f / \partial y = x^2 + 1/x = 4.5$. The engine agrees, twice in a row. Then a chain
# of 10000 multiplications by $1.001$, far longer than the recursion limit printed below: its
# derivative is $1.001^{10000}$, about 21917, and the stack-based sort gets there.

# %%
x = Value(2.0)
y = Value(3.0)
f = x**2 * y + y / x
f.backward()
f.backward()  # a second call must not double the gradients
print(f, "  df/dx =", x.grad, "  df/dy =", y.grad)
assert math.isclose(f.data, 13.5) and math.isclose(x.grad, 11.25) and math.isclose(y.grad, 4.5)

start = Value(1.0)
chain = start
for _ in range(10_000):
    chain = chain * 1.001
chain.backward()
print("recursion limit:", sys.getrecursionlimit(), "  d chain / d start:", round(start.grad))
assert 10_000 > sys.getrecursionlimit() and math.isclose(start.grad, 1.001**10_000)
assert round(start.grad) == 21917

# %% [markdown]
# ### Task 2: twenty random expressions
#
# A hand-picked test only exercises what you thought of. The cell below generates random
# expressions instead. An expression is a small tree of nested tuples, such as
# `("*", ("input", 0), ("exp", ("input", 1)))` for $x_0 e^{x_1}$, and `evaluate(tree, inputs)`
# computes it with Python's operators, so the *same* tree runs on plain floats and on `Value`s.
# Two guards keep every expression defined: division is by $1 + c^2$, which is never 0, and
# negative or fractional powers are applied to $1 + a^2$, which is always positive. Run it as
# it is.

# %%
UNARY = ("exp", "tanh", "relu", "pow")
BINARY = ("+", "-", "*", "/")
FLOAT_FUNCTIONS = {"exp": math.exp, "tanh": math.tanh, "relu": lambda t: max(t, 0.0)}


def unary(name, a):
    """Apply exp, tanh or relu to a float or to a Value."""
    return getattr(a, name)() if isinstance(a, Value) else FLOAT_FUNCTIONS[name](a)


def random_tree(rng, n_inputs, depth):
    """A random expression tree with at most `depth` levels of operations."""
    if depth == 0 or rng.random() < 0.15:
        if rng.random() < 0.8:
            return ("input", int(rng.integers(n_inputs)))
        return ("const", round(float(rng.uniform(-2, 2)), 2) + 0.0)  # + 0.0 turns -0.0 into 0.0
    if rng.random() < 0.4:
        op = UNARY[rng.integers(len(UNARY))]
        child = random_tree(rng, n_inputs, depth - 1)
        if op == "pow":
            return ("pow", child, float(rng.choice([2, 3, -1, 0.5, -1.5])))
        return (op, child)
    op = BINARY[rng.integers(len(BINARY))]
    return (op, random_tree(rng, n_inputs, depth - 1), random_tree(rng, n_inputs, depth - 1))


def evaluate(tree, inputs):
    """Evaluate a tree on a list of floats or of Values."""
    kind = tree[0]
    if kind == "input":
        return inputs[tree[1]]
    if kind == "const":
        return tree[1]
    if kind == "pow":
        base, k = evaluate(tree[1], inputs), tree[2]
        return base**k if k in (2, 3) else (1 + base * base) ** k
    if kind in FLOAT_FUNCTIONS:
        return unary(kind, evaluate(tree[1], inputs))
    a, c = evaluate(tree[1], inputs), evaluate(tree[2], inputs)
    if kind == "+":
        return a + c
    if kind == "-":
        return a - c
    if kind == "*":
        return a * c
    return a / (1 + c * c)


def to_text(tree):
    """A readable formula for a tree, with x0, x1, ... for the inputs."""
    kind = tree[0]
    if kind == "input":
        return f"x{tree[1]}"
    if kind == "const":
        return f"{tree[1]:g}"
    if kind == "pow":
        inner = to_text(tree[1])
        return f"({inner})^{tree[2]:g}" if tree[2] in (2, 3) else f"(1+({inner})^2)^{tree[2]:g}"
    if kind in FLOAT_FUNCTIONS:
        return f"{kind}({to_text(tree[1])})"
    right = to_text(tree[2])
    if kind == "/":
        return f"({to_text(tree[1])} / (1+({right})^2))"
    return f"({to_text(tree[1])} {kind} {right})"


def subtrees(tree):
    """Every node of an expression tree, the tree itself included."""
    yield tree
    for child in tree[1:]:
        if isinstance(child, tuple):
            yield from subtrees(child)


def relu_margin(tree, point):
    """The smallest |input| seen by any relu in the tree (infinity if there is none)."""
    return min(
        [abs(evaluate(node[1], point)) for node in subtrees(tree) if node[0] == "relu"],
        default=math.inf,
    )


print(to_text(("*", ("input", 0), ("exp", ("input", 1)))))

# %% [markdown]
# Now your part. Write
#
# - `engine_gradient(tree, point)`, which evaluates the tree on one `Value` per coordinate of
#   `point` (a list of floats), runs `backward()` and returns the value and the gradient as a
#   NumPy array;
# - `numeric_gradient(tree, point, h=1e-6)`, the central-difference gradient, one coordinate
#   at a time;
# - `relative_error(g, g_num)`, the measure of the lesson's
#   [gradient checking](https://mathforml.github.io/mathforml/calculus/backpropagation/#gradient-checking).
#
# Then, with `rng = np.random.default_rng(0)`, draw trees with `random_tree(rng, 3, depth=4)`
# and points with `rng.uniform(-1.5, 1.5, 3)` until twenty have been checked, and report the
# worst relative error. Skip trees with no input or fewer than three operations (too small to
# be interesting), and points where `relu_margin` is below $10^{-3}$: a finite difference that
# straddles relu's kink measures a slope that is neither 0 nor 1. One more case needs a
# decision. Some expressions are flat where they are drawn, for instance when a switched-off
# relu stands between every input and the result, so the finite-difference gradient is exactly
# zero. What is the relative error then, and would an engine that always returns zeros pass
# such a check? Decide what to do with these expressions, and make sure every operation appears
# in a counted test.

# %% [markdown]
# #### Solution to task 2
#
# At a flat expression both gradients are zero (if the engine is right), and the relative error
# is $0/0$: undefined. Counting such an expression as a pass would be a mistake, because an
# engine that returns zeros for everything would pass it too. So the loop checks that the
# engine also gives exact zeros there (a wrong engine can still fail that), but does not count
# the expression among the twenty, and reports how many it set aside.


# %%
def engine_gradient(tree, point):
    inputs = [Value(v) for v in point]
    out = evaluate(tree, inputs)
    out.backward()
    return out.data, np.array([v.grad for v in inputs])


def numeric_gradient(tree, point, h=1e-6):
    grad = np.zeros(len(point))
    for i in range(len(point)):
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        grad[i] = (evaluate(tree, up) - evaluate(tree, down)) / (2 * h)
    return grad


def relative_error(g, g_num):
    return np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num))


rng = np.random.default_rng(0)
checked, ops_seen, n_flat = [], set(), 0
while len(checked) < 20:
    tree = random_tree(rng, 3, depth=4)
    point = [float(v) for v in rng.uniform(-1.5, 1.5, 3)]
    kinds = [node[0] for node in subtrees(tree)]
    if "input" not in kinds or sum(k not in ("input", "const") for k in kinds) < 3:
        continue  # too small to be an interesting test
    if relu_margin(tree, point) < 1e-3:
        continue  # too close to relu's kink for a fair finite-difference test
    g_num = numeric_gradient(tree, point)
    value, g = engine_gradient(tree, point)
    if not np.any(g_num):  # flat here: the engine's gradient must be exactly zero too,
        assert not np.any(g), f"{to_text(tree)}: gradient {g} where the formula is flat"
        n_flat += 1
        continue  # but returning zeros everywhere would pass this check, so it does not count
    ops_seen |= set(kinds)
    checked.append((tree, point, value, relative_error(g, g_num), g_num))

for tree, _, value, error, _ in checked:
    text = to_text(tree)
    shown = text if len(text) <= 44 else text[:41] + "..."
    print(f"{shown:<44} f = {value:>8.4f}  error {error:.0e}")

worst = max(error for *_, error, _ in checked)
print(f"\nworst relative error over {len(checked)} expressions: {worst:.1e}")
print(f"({n_flat} more were flat where they were drawn; the engine gave exact zeros there)")
assert worst < 1e-6, "the engine disagrees with finite differences"
assert set(UNARY + BINARY) <= ops_seen, f"some operations were never tested: {ops_seen}"
assert all(relative_error(np.zeros(3), g_num) == 1 for *_, g_num in checked)  # zeros fail

# %% [markdown]
# Every operation appears in a counted test, and the engine agrees with finite differences to
# many digits. The last check shows why the twenty counted tests mean something: an engine
# returning zeros would score a relative error of exactly 1 on each of them.
#
# ### Task 3: break it on purpose
#
# A test suite is only as good as the bugs it catches. Suppose the local derivative of `tanh`
# were written `1.0 - t` instead of `1.0 - t * t`. Before running anything, predict: which of
# the twenty expressions will catch the bug, and could an expression that contains `tanh` still
# miss it? (Hint: for which values of $t$ are $1 - t$ and $1 - t^2$ equal, and what if no
# input feeds the `tanh`?) Then check: swap in the buggy `tanh`, recompute every counted
# expression's relative error, and put the correct one back.

# %% [markdown]
# #### Solution to task 3
#
# Expressions without `tanh` cannot notice. An expression with `tanh` notices unless no
# gradient flows through its `tanh` nodes, which happens when a `tanh` sees only constants
# (`tanh(-0.07)`) or sits inside a relu that is switched off. The two formulas agree only at
# $t = 0$ (and at $t = 1$, which tanh never reaches), so a `tanh` of an input close to 0 gives
# a smaller error, but still one far above the threshold unless $|t|$ is tiny. The swap is
# made on the class, inside `try ... finally`, so the correct method is restored even if
# something fails.


# %%
def buggy_tanh(self):
    t = math.tanh(self.data)
    return Value(t, (self,), (1.0 - t,))  # the bug: should be 1.0 - t * t


correct_tanh = Value.tanh
Value.tanh = buggy_tanh
try:
    buggy_errors = [
        relative_error(engine_gradient(tree, point)[1], g_num) for tree, point, *_, g_num in checked
    ]
finally:
    Value.tanh = correct_tanh

has_tanh = ["tanh" in [node[0] for node in subtrees(tree)] for tree, *_ in checked]
for (tree, *_), uses, error in zip(checked, has_tanh, buggy_errors):
    text = to_text(tree)
    shown = text if len(text) <= 44 else text[:41] + "..."
    print(f"{shown:<44} {'tanh' if uses else '    '}  error {error:.0e}")
caught = [error > 1e-6 for error in buggy_errors]
print(f"\n{sum(caught)} of {len(checked)} caught the bug; {sum(has_tanh)} contain tanh")
assert Value.tanh is correct_tanh
assert not any(c for c, uses in zip(caught, has_tanh) if not uses)  # no tanh, no alarm
assert sum(caught) == 10 and sum(has_tanh) == 11
missed = [to_text(tree) for (tree, *_), c, u in zip(checked, caught, has_tanh) if u and not c]
assert len(missed) == 1 and "tanh(-0.07)" in missed[0]
assert min(e for e, c in zip(buggy_errors, caught) if c) > 0.01

# %% [markdown]
# Ten of the twenty expressions catch the bug, each with a relative error above 0.01, ten
# thousand times the threshold. Eleven contain `tanh`: the one that misses is the one whose
# only `tanh` is `tanh(-0.07)`, which no input reaches, so no gradient ever flows through it.
# A test suite that never sends a gradient through an operation cannot test it. So task 2's
# check that every operation appears in a counted test is necessary but not enough: here the
# ten other `tanh` expressions are what test `tanh`.
#
# ### Task 4: a 2-4-1 network made of Values
#
# The data: forty points drawn uniformly from the square $[-1, 1]^2$, labelled $+1$ inside the
# circle of radius 0.7 around the origin and $-1$ outside. No straight line separates the
# classes, so a single neuron cannot do it, but four hidden units can carve out a rough circle.
# `init_params` draws the network's starting weights; run the cell as it is.

# %%
rng = np.random.default_rng(0)
X_data = rng.uniform(-1, 1, size=(40, 2))
y_data = np.where(np.sum(X_data**2, axis=1) < 0.7**2, 1.0, -1.0)
print(f"points: {len(X_data)}  inside: {np.sum(y_data > 0)}  outside: {np.sum(y_data < 0)}")


def init_params(seed, n_in=2, n_hidden=4):
    """Random starting weights, the same for the same seed; zero biases."""
    rng = np.random.default_rng(seed)
    return {
        "W1": [
            [Value(rng.normal(0, 1 / math.sqrt(n_in))) for _ in range(n_hidden)]
            for _ in range(n_in)
        ],
        "b1": [Value(0.0) for _ in range(n_hidden)],
        "w2": [Value(rng.normal(0, 1 / math.sqrt(n_hidden))) for _ in range(n_hidden)],
        "b2": Value(0.0),
    }


def all_params(params):
    return [v for row in params["W1"] for v in row] + params["b1"] + params["w2"] + [params["b2"]]


# %% [markdown]
# Write `hidden_layer(params, x, activation="tanh")`, which returns the list of the four
# hidden units' `Value`s $h_j = \text{act}(b_{1,j} + \sum_i W_{1,ij}\,x_i)$ for one point
# `x` (a pair of floats), and `predict(params, x, activation="tanh")`, which returns the
# network's output $\hat{y} = \tanh(b_2 + \sum_j w_{2,j}\,h_j)$, a `Value` between the two
# labels $-1$ and $1$. Then write `loss_of(params, X, y, activation="tanh")`, the mean
# squared error $L = \frac{1}{N}\sum_k (\hat{y}_k - y_k)^2$ over the $N = 40$ points. How many
# parameters does the network have, and how many nodes will the graph of $L$ hold, roughly?

# %% [markdown]
# #### Solution to task 4
#
# The network has $2 \times 4$ weights into the hidden layer, 4 hidden biases, 4 output weights
# and 1 output bias: 17 parameters. Each point adds about forty nodes (a constant `Value` for
# each plain number used, the products and sums into the hidden layer, the activations, the
# sums to the output, its tanh, the difference and the square), so the loss graph holds well
# over a thousand nodes, counted below.


# %%
def hidden_layer(params, x, activation="tanh"):
    hidden = []
    for j in range(len(params["b1"])):
        z = params["b1"][j]
        for i in range(len(x)):
            z = z + params["W1"][i][j] * x[i]
        hidden.append(getattr(z, activation)())
    return hidden


def predict(params, x, activation="tanh"):
    out = params["b2"]
    for w, h in zip(params["w2"], hidden_layer(params, x, activation)):
        out = out + w * h
    return out.tanh()


def loss_of(params, X, y, activation="tanh"):
    total = 0.0
    for x, target in zip(X, y):
        total = total + (predict(params, x, activation) - target) ** 2
    return total / len(X)


INIT_SEED = 4
params = init_params(INIT_SEED)
loss = loss_of(params, X_data, y_data)
print("parameters:", len(all_params(params)))
print("loss at the start:", round(loss.data, 4))
print("nodes in the loss graph:", len(loss.topological_order()))
assert len(all_params(params)) == 17 and len(loss.topological_order()) == 1660

# %% [markdown]
# ### Task 5: the backward pass in matrix form
#
# The lesson's [two-layer network](https://mathforml.github.io/mathforml/calculus/backpropagation/#a-two-layer-network)
# had a ReLU hidden layer and a linear output. Ours has tanh in both places. With the data as
# the rows of $\mathbf{X}$ ($N \times 2$), $\mathbf{H} = \tanh(\mathbf{X}\mathbf{W}_1 + \mathbf{b}_1)$
# and $\hat{\mathbf{y}} = \tanh(\mathbf{H}\mathbf{w}_2 + b_2)$, derive $\partial L / \partial \mathbf{W}_1$,
# $\partial L / \partial \mathbf{b}_1$, $\partial L / \partial \mathbf{w}_2$ and
# $\partial L / \partial b_2$ by following the lesson's four steps. (Hint: the output's tanh
# adds one step, and the ReLU gate becomes the slope of tanh, $1 - \tanh^2$.)
#
# Then write `numpy_gradients(arrays, X, y)`, where `arrays = (W1, b1, w2, b2)` holds the
# weights as NumPy arrays (`to_arrays` below converts), returning all 17 gradients in the order
# of `all_params`. The engine knows nothing about matrices; check that it gives the same numbers.


# %%
def to_arrays(params):
    W1 = np.array([[v.data for v in row] for row in params["W1"]])
    b1 = np.array([v.data for v in params["b1"]])
    w2 = np.array([v.data for v in params["w2"]])
    return W1, b1, w2, params["b2"].data


def numpy_forward(arrays, X):
    W1, b1, w2, b2 = arrays
    H = np.tanh(X @ W1 + b1)
    return H, np.tanh(H @ w2 + b2)


# %% [markdown]
# #### Solution to task 5
#
# The loss gives $\partial L / \partial \hat{\mathbf{y}} = \frac{2}{N}(\hat{\mathbf{y}} - \mathbf{y})$,
# and the output's tanh multiplies by its slope:
#
# $$
# \mathbf{g} = \frac{2}{N}(\hat{\mathbf{y}} - \mathbf{y}) \odot (1 - \hat{\mathbf{y}}^2),
# \qquad
# \frac{\partial L}{\partial \mathbf{w}_2} = \mathbf{H}^\top \mathbf{g},
# \qquad
# \mathbf{G}_Z = (\mathbf{g}\,\mathbf{w}_2^\top) \odot (1 - \mathbf{H}^2),
# \qquad
# \frac{\partial L}{\partial \mathbf{W}_1} = \mathbf{X}^\top \mathbf{G}_Z ,
# $$
#
# and the bias gradients are the sums of $\mathbf{g}$ and of the rows of $\mathbf{G}_Z$. With
# one output, $\mathbf{g}\,\mathbf{w}_2^\top$ is the outer product `np.outer(g, w2)`.


# %%
def numpy_gradients(arrays, X, y):
    W1, b1, w2, b2 = arrays
    H, y_hat = numpy_forward(arrays, X)
    g = 2 * (y_hat - y) / len(y) * (1 - y_hat**2)
    G_Z = np.outer(g, w2) * (1 - H**2)
    return np.concatenate([(X.T @ G_Z).ravel(), G_Z.sum(axis=0), H.T @ g, [g.sum()]])


loss.backward()
engine_grads = np.array([v.grad for v in all_params(params)])
matrix_grads = numpy_gradients(to_arrays(params), X_data, y_data)
print("engine:", np.round(engine_grads[:4], 5), "...")
print("matrix:", np.round(matrix_grads[:4], 5), "...")
print(f"relative error: {relative_error(engine_grads, matrix_grads):.1e}")
assert relative_error(engine_grads, matrix_grads) < 1e-10
assert math.isclose(loss.data, np.mean((numpy_forward(to_arrays(params), X_data)[1] - y_data) ** 2))

# %% [markdown]
# The two agree to about machine precision: the matrix formulas are the same chain rule,
# batched.
#
# ### Task 6: train it
#
# Write `train(params, X, y, learning_rate, steps, activation="tanh")`: plain gradient descent
# that, at every step, builds the loss graph, runs `backward()` and moves every parameter a
# step of `learning_rate` against its gradient, returning the list of losses. Train `params`
# for 200 steps with $\eta = 0.3$. Then plot the loss curve, report the training accuracy (the
# sign of the output against the label), and draw the network's decision boundary, the curve
# where its output crosses 0. Predict first: will the boundary be a circle?

# %% [markdown]
# #### Solution to task 6
#
# The graph is rebuilt from scratch at every step, which is also what PyTorch does. Each graph
# holds the 1660 nodes counted in task 4 for just 17 parameters, so even this tiny network
# takes a moment to train: a scalar engine is a teaching tool, not a fast one.


# %%
def train(params, X, y, learning_rate, steps, activation="tanh"):
    losses = []
    for _ in range(steps):
        loss = loss_of(params, X, y, activation)
        loss.backward()
        for p in all_params(params):
            p.data -= learning_rate * p.grad
        losses.append(loss.data)
    return losses


losses = train(params, X_data, y_data, learning_rate=0.3, steps=200)
final_loss = loss_of(params, X_data, y_data).data
predictions = np.array([predict(params, x).data for x in X_data])
accuracy = np.mean(np.sign(predictions) == y_data)
print(f"loss {losses[0]:.4f} at the start, {final_loss:.4f} after {len(losses)} steps")
print(f"training accuracy {accuracy:.0%}")
assert final_loss < 0.5 * losses[0], "the loss should at least halve"
assert accuracy >= 0.9
assert np.all(predictions[y_data > 0] > 0), "every inside point should be classified inside"

# %%
# Figure: training loss of the 2-4-1 network against the gradient descent step, falling over 200 steps
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
ax.plot(losses, color="C0")
ax.set_xlabel("gradient descent step")
ax.set_ylabel("mean squared error")
ax.set_title("Training loss of the 2-4-1 network")
ax.grid(True, alpha=0.3)
plt.show()

# %% [markdown]
# For the decision boundary, copy the trained weights into NumPy arrays and run them as matrix
# code, which is fast enough to colour a whole grid of points (after checking that both
# versions agree on the training points).

# %%
arrays = to_arrays(params)
assert np.allclose(numpy_forward(arrays, X_data)[1], predictions)
grid = np.linspace(-1, 1, 200)
gx, gy = np.meshgrid(grid, grid)
surface = numpy_forward(arrays, np.column_stack([gx.ravel(), gy.ravel()]))[1].reshape(gx.shape)

# %%
# Figure: the network's output over the square from -1 to 1 as a colour map, its decision boundary where the output is 0, the true circle of radius 0.7 dashed, and the training points marked by class
fig, ax = plt.subplots(figsize=(5.5, 5), layout="constrained")
image = ax.contourf(gx, gy, surface, levels=20, cmap="RdBu", vmin=-1, vmax=1, alpha=0.6)
ax.contour(gx, gy, surface, levels=[0.0], colors="C2", linewidths=2)
angle = np.linspace(0, 2 * np.pi, 200)
ax.plot(0.7 * np.cos(angle), 0.7 * np.sin(angle), "--", color="C7", label="true circle")
inside = y_data > 0
ax.scatter(X_data[inside, 0], X_data[inside, 1], color="C0", marker="o", label="inside (+1)")
ax.scatter(X_data[~inside, 0], X_data[~inside, 1], color="C3", marker="x", label="outside (-1)")
ax.set_aspect("equal")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.legend(loc="upper right", fontsize=8)
fig.colorbar(image, ax=ax, label="network output")
plt.show()

# %% [markdown]
# Not a circle: four tanh units can only bend the boundary so much, so the learned region is a
# rounded polygon, but it encloses every inside point. With only forty points, it is also free
# to wander where there are no data.
#
# ### Task 7: ReLU hidden units
#
# Train a second network from the same starting weights, `init_params(INIT_SEED)`, with ReLU
# hidden units (`activation="relu"`; keep the tanh output) and the same $\eta$ and number of
# steps. Afterwards, is any hidden unit *dead*, that is, outputs 0 for all forty points? If
# so, find the step at which it died, and check the lesson's claim about
# [dead ReLUs](https://mathforml.github.io/mathforml/calculus/backpropagation/#dead-relus):
# that from then on its incoming weights and bias never change. (Hint: train one step at a
# time with `train(..., steps=1)` and record each unit's number of active points after every
# step.)

# %% [markdown]
# #### Solution to task 7
#
# Training one step at a time lets the loop watch the hidden layer. A unit that is active for
# no point gets no gradient into its incoming weights or bias, so once it dies it stays dead.


# %%
def active_points(params, X):
    """For each hidden unit, on how many points its input (so its ReLU output) is above 0."""
    W1, b1, _, _ = to_arrays(params)
    return (X @ W1 + b1 > 0).sum(axis=0)


relu_params = init_params(INIT_SEED)
print("active points per unit at the start:", active_points(relu_params, X_data))
history, snapshots = [], []
for _ in range(200):
    train(relu_params, X_data, y_data, learning_rate=0.3, steps=1, activation="relu")
    history.append(active_points(relu_params, X_data))
    snapshots.append([v.data for v in all_params(relu_params)])
history, snapshots = np.array(history), np.array(snapshots)
print("after 200 steps:                    ", history[-1])

dead = np.flatnonzero(history[-1] == 0)
died = {int(j): int(np.argmax(history[:, j] == 0)) + 1 for j in dead}  # first step at 0
print("dead units and the step they died at:", died)

# %% [markdown]
# Unit 3 (the fourth, counting from 0) starts out active on 24 of the 40 points. The first
# few updates push its pre-activation down, and from step 6 it is below zero for every point.
# The check below confirms what the lesson predicts: from that step on, its incoming weights,
# its bias and its outgoing weight never move again, while the rest of the network keeps
# learning. Whether a unit dies, and which, depends on the starting weights: try other values
# of `INIT_SEED`.

# %%
assert died == {3: 6} and active_points(init_params(INIT_SEED), X_data)[3] == 24
for j, step in died.items():
    own = [j, 4 + j, 8 + j, 12 + j]  # W1[0][j], W1[1][j], b1[j], w2[j] in all_params order
    assert np.all(history[step - 1 :, j] == 0)  # dead from that step to the end
    assert np.all(snapshots[step - 1 :, own] == snapshots[step - 1, own])  # frozen
assert not np.all(snapshots[-1] == snapshots[5])  # the other units kept learning

# %% [markdown]
# ## More to try
#
# - Set `learning_rate=0.5` in task 6 and rerun: part of the loss curve turns into a zig-zag,
#   as the steps overshoot across the bottom of a valley. The lesson on
#   [narrow valleys](https://mathforml.github.io/mathforml/calculus/valleys-and-vanishing-gradients/#curvature-caps-the-learning-rate)
#   explains when and why.
# - Set `depth=6` in task 2. The expressions grow quickly: does the engine still agree with
#   finite differences, and when does the finite difference itself become the less
#   trustworthy of the two?
# - Remove the reset loop from `backward()` and call `f.backward()` twice on the example of
#   task 1. What happens to `x.grad`? This is why PyTorch training loops call
#   `optimizer.zero_grad()`.
# - Give `Value` a `leaky_relu` method with slope 0.01 below zero, and rerun task 7.
#
# ## Summary
#
# - A reverse-mode engine needs three ideas: each operation records its parents and local
#   derivatives, a topological sort orders the graph, and the backward pass adds
#   $\bar{v}\,\partial v / \partial p$ into each parent in reverse order. An explicit stack
#   keeps the sort safe from Python's recursion limit.
# - Random expressions compared with central differences test far more cases than hand-picked
#   ones, provided the generator avoids kinks and undefined operations, and a test whose
#   expected gradient is zero is not counted as a pass.
# - A deliberately planted bug shows what the tests can and cannot see.
# - The engine's gradients for a whole network match the matrix formulas to about machine
#   precision; with gradients in hand, training is a loop of forward, backward and step.
# - A ReLU unit that is off for every training point receives no gradient and never recovers.
