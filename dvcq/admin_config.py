from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with DVCQ's site: superusers only, Vietnamese titles (dvcq.admin_kit)."""

    default_site = "dvcq.admin_kit.DvcqAdminSite"
