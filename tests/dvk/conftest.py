# Fixtures of the campaign pages (Ba Thành's 2025 and 2026 campaigns and their users).
from tests.dvk.campaign_fixtures import (  # noqa: F401
    campaign,
    campaign_2025,
    member,
    model,
    officer,
    party,
)
