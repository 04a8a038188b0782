"""Reports of the criteria app (registered in CriteriaConfig.ready), one module per kind:
`annex`, the assignment annex (Phụ lục phân công nhiệm vụ)."""

from . import annex  # noqa: F401  (registers the kind)
