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
# Cosine similarity $\cos\theta = \frac{\mathbf{u}\cdot\mathbf{v}}{\|\mathbf{u}\|\,\|\mathbf{v}\|}$.
#
# $$\text{sim}(a, b) = a_1 b_1 + a_2 b_2$$

# %%
import numpy as np
u = np.array([1.0, 2.0])
u @ u
