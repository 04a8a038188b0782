"""Documents of the “Dân vận khéo” movement (registered in ModelsDvkConfig.ready), one module per kind.

- `dvk-registrations`: Phụ lục 1, the summary of registrations (seed 002);
- `dvk-results`: Phụ lục 4, the summary of results (seed 002);
- `dvk-scoresheet`: the filled scoring sheet of one model (`?model=<id>`);
- `dvk-plan`: the campaign's guidance (HƯỚNG DẪN, or KẾ HOẠCH), Party layout (seeds 003/004);
- `dvk-report`: the six-month or annual report (`?period=six_month|annual`).

Documents stay in Vietnamese whatever the interface language: the document engine runs every
builder under `override("vi")`, so labels of choices read in Vietnamese. Each builder reads in a fixed number of queries (pinned in the tests).
"""

from . import plan, progress, registrations, results, scoresheet  # noqa: F401  (registers each kind)
