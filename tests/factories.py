"""The one factories module of the test suite."""

import factory

from dvcq.org.models import Position, RoleGrant, Unit, UnitKind, User

PASSWORD = "mat-khau-thu-nghiem-2025"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    official_name = factory.LazyAttribute(lambda o: f"ỦY BAN NHÂN DÂN {o.name.upper()}")
    place_name = factory.LazyAttribute(lambda o: o.name.removeprefix("Xã ").removeprefix("Tỉnh "))
    kind = UnitKind.COMMUNE
    parent = None


class ProvinceFactory(UnitFactory):
    code = factory.Sequence(lambda n: f"tinh-{n}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    kind = UnitKind.PROVINCE


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Công chức thử nghiệm {n}")
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)

    @factory.post_generation
    def positions(self, create, extracted, **kwargs):
        if extracted:
            self.positions.set(extracted)
