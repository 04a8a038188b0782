"""One export request read the same way by the export page and by its background job: the
form prefilled from the issuing unit's document settings, the person's changes on top."""

from dataclasses import dataclass

from . import registry
from .forms import ExportForm
from .services import ExportOptions, document_settings_for, export_options_defaults

FORMATS = ("docx", "pdf", "xlsx")


@dataclass
class ExportRequest:
    initial: dict
    defaults: ExportOptions
    param_names: list[str]

    def form(self, query) -> ExportForm:
        """The form bound to `query` (a GET or POST mapping) over the prefilled values."""
        skip = {"format", "csrfmiddlewaretoken", *self.param_names}
        return ExportForm({**self.initial, **{k: v for k, v in query.items() if k not in skip}})

    def options(self, form: ExportForm) -> ExportOptions:
        cleaned = form.cleaned_data
        return ExportOptions(
            style=cleaned["style"],
            number=cleaned["number"],
            symbol=cleaned["symbol"] or self.defaults.symbol,
            date=cleaned["date"],
            signer_authority=cleaned["signer_authority"],
            signer_title=cleaned["signer_title"],
            signer_name=cleaned["signer_name"],
            recipients=[line for line in cleaned["recipients"].splitlines() if line.strip()],
            label=cleaned["label"],
            attachment_number=cleaned["attachment_number"],
            attachment_date=cleaned["attachment_date"],
        )


def export_request(report_kind: registry.ReportKind, unit, source, query) -> ExportRequest:
    settings = document_settings_for(report_kind.issuing_unit(unit, source))
    style = query.get("style") if query.get("style") in ("admin", "party") else None
    style = style or report_kind.default_style
    defaults = export_options_defaults(settings, style, report_kind.default_symbol)
    initial = {
        "style": style,
        "symbol": defaults.symbol,
        "signer_authority": defaults.signer_authority,
        "signer_title": defaults.signer_title,
        "signer_name": defaults.signer_name,
        "recipients": "\n".join(defaults.recipients),
        "label": report_kind.default_label,
    }
    return ExportRequest(initial=initial, defaults=defaults, param_names=report_kind.param_names())
