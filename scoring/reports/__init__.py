"""Reports of the scoring app, one module per kind; importing this package (ScoringConfig.ready)
registers them with the document engine.

- `selfscore`: the unit's report of its self-score (BÁO CÁO kết quả tự chấm điểm);
- `review`: the reviewing level's result for one unit, with every deduction and its reason;
- `results`: every unit below a reviewing unit, the table attached to the results decision;
- `plan`: next year's remediation plan (KẾ HOẠCH khắc phục), in the structure of seed 001;
- `dashboard`: the reviewers' overview as a spreadsheet (a download of the dashboard, not a
  registered kind).

Each builder reads what it needs in a fixed number of queries (pinned in the tests).
"""

from . import dashboard, plan, results, review, selfscore  # noqa: F401
