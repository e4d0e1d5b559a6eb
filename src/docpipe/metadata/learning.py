"""Fitting the scorers' weights (`scoring`): the pairwise logistic regression both training scripts use
(`bench/train_metadata.py` for HTML pages, `bench/train_plaintext.py` for plain text). numpy and scikit-learn are
dev dependencies, imported only here and only when fitting: processing never needs them."""

from __future__ import annotations

from collections import defaultdict

from docpipe.metadata import scoring

REGULARISATION = 1.0  # sklearn's C: the default; the features are few and named, nothing to tune per corpus
WEIGHT_DECIMALS = 4


def fit(rows: list[dict[str, float]], labels: list[int], owner: list[int]) -> scoring.FieldModel:
    """Weights that rank a page's right candidates above its wrong ones: a logistic regression on the differences
    of every (right, wrong) pair of one page's candidates (and the reverse pairs), without intercept. Pairs, not
    single candidates, because the combiner picks within a page: what matters is which of its candidates is better,
    and most candidates of a title are right in some form."""
    import numpy as np  # (dev dependencies: only training imports them)
    from sklearn.linear_model import LogisticRegression

    names = sorted({name for row in rows for name in row})
    matrix = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, page in enumerate(owner):
        by_page[page].append(index)
    differences, outcomes = [], []
    for indices in by_page.values():
        right = [i for i in indices if labels[i]]
        wrong = [i for i in indices if not labels[i]]
        for i in right:
            for j in wrong:
                differences += [matrix[i] - matrix[j], matrix[j] - matrix[i]]
                outcomes += [1, 0]
    if not differences:
        return scoring.FieldModel(0.0, {})
    model = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=5000)
    model.fit(np.array(differences), np.array(outcomes))
    weights = {name: round(float(w), WEIGHT_DECIMALS) for name, w in zip(names, model.coef_[0], strict=True)}
    return scoring.FieldModel(0.0, weights)
