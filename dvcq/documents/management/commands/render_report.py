import argparse
import errno
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from dvcq.documents import registry
from dvcq.documents.custom_templates import CustomTemplateError
from dvcq.documents.registry import ReportParamsError
from dvcq.documents.services import ExportOptions, document_settings_for, export_options_defaults
from dvcq.org.models import Unit

WRITE_ERRORS = {
    errno.ENOENT: "thư mục chứa tệp không tồn tại",
    errno.EISDIR: "đó là một thư mục",
    errno.EACCES: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
}


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"năm phải là một số, ví dụ 2025 (không phải “{text}”)"
        ) from None


class Command(BaseCommand):
    help = "Xuất một báo cáo ra DOCX, PDF hoặc XLSX (cho script và cron)."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="loại báo cáo, ví dụ: annex")
        parser.add_argument("--unit", help="mã đơn vị, ví dụ: ba-thanh")
        parser.add_argument("--year", type=_year)
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], default="docx")
        parser.add_argument("--output", help="tệp ghi ra; mặc định là tên tệp của báo cáo")
        parser.add_argument("--style", choices=["admin", "party"])
        parser.add_argument("--list", action="store_true", help="liệt kê các loại báo cáo")
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="TÊN=GIÁ_TRỊ",
            help="tham số riêng của báo cáo, ví dụ: --param model=12 hoặc --param period=six_month",
        )

    def handle(self, *args, **options):
        if options["list"]:
            for kind in registry.all_kinds():
                self.stdout.write(f"{kind.kind:<24} {kind.title}")
            return
        if not (options["kind"] and options["unit"] and options["year"]):
            raise CommandError("Cần KIND, --unit và --year (hoặc --list).")
        try:
            kind = registry.get(options["kind"])
        except KeyError:
            raise CommandError(f"Không có loại báo cáo “{options['kind']}”; xem --list.") from None
        fmt = options["format"]
        if fmt == "xlsx" and not kind.tabular:
            # A document of prose (a plan, a guidance) has no table to put in a spreadsheet.
            raise CommandError(
                f"Báo cáo “{kind.kind}” không có bản XLSX (không có bảng số liệu); "
                "hãy chọn --format docx hoặc --format pdf."
            )
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        malformed = [pair for pair in options["param"] if "=" not in pair]
        if malformed:
            raise CommandError(f"Tham số phải có dạng TÊN=GIÁ_TRỊ, không phải “{malformed[0]}”.")
        query = dict(pair.split("=", 1) for pair in options["param"])
        names = kind.param_names()
        unknown = sorted(set(query) - set(names))
        if unknown:
            raise CommandError(
                f"Báo cáo “{kind.kind}” không có tham số {', '.join(unknown)}"
                + (f" (chỉ có: {', '.join(names)})." if names else ".")
            )
        try:
            source = kind.source(unit, options["year"], query)
        except ReportParamsError as error:
            raise CommandError(
                "Tham số không hợp lệ: "
                + "; ".join(
                    f"--param {name}: {' '.join(messages)}"
                    for name, messages in error.errors.items()
                )
            ) from None
        except Http404:
            raise CommandError(
                f"{unit} chưa có dữ liệu năm {options['year']} cho báo cáo này."
            ) from None
        style = options["style"] or kind.default_style
        defaults: ExportOptions = export_options_defaults(
            document_settings_for(kind.issuing_unit(unit, source)), style, kind.default_symbol
        )
        defaults.label = kind.default_label
        try:
            filename, _type, content = kind.render(source, defaults, fmt)
        except CustomTemplateError as error:
            raise CommandError(str(error)) from None
        target = Path(options["output"] or filename)
        try:
            target.write_bytes(content)
        except OSError as error:
            reason = WRITE_ERRORS.get(error.errno, error.strerror)
            raise CommandError(f"Không ghi được tệp “{target}”: {reason}.") from None
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {target} ({len(content):,} byte)."))
