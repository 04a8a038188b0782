"""Everything that changes Dân vận khéo data, one module per concept: `campaign`,
`registration`, `lifecycle`, `appraisal`, `exemplar`, `rubrics`. Views, the importer and the
demo call these; the rules (launch before appraisal, continued models linked to last year,
scores within the sheet, the pass rule) hold everywhere. Who may do what is decided in
`models_dvk.permissions`, which every write checks again.

The public writes are re-exported here for scripts and old callers; code in this project
imports from the concept module.
"""

from .appraisal import (
    aggregate,
    appraisal_conclude,
    appraisal_open,
    appraisal_setup,
    member_scores_save,
    recognition_record,
)
from .campaign import campaign_copy, campaign_create, campaign_part_delete, campaign_part_save
from .exemplar import dossier_attach, exemplar_nominate, exemplar_recognition_save
from .lifecycle import document_attach, model_step
from .registration import model_register, model_update
from .rubrics import criteria_for, rubric_for, rubrics_load_default

__all__ = [
    "aggregate",
    "appraisal_conclude",
    "appraisal_open",
    "appraisal_setup",
    "campaign_copy",
    "campaign_create",
    "campaign_part_delete",
    "campaign_part_save",
    "criteria_for",
    "document_attach",
    "dossier_attach",
    "exemplar_nominate",
    "exemplar_recognition_save",
    "member_scores_save",
    "model_register",
    "model_step",
    "model_update",
    "recognition_record",
    "rubric_for",
    "rubrics_load_default",
]
