"""labelled/named: translatable labels for fields and models declared without one, with
nothing a migration would record."""

import pytest
from django.utils import translation

from groupsite.field_labels import labelled, named
from groupsite.site.models import PartnerLogo, SiteSettings
from publications.models import Publication


def test_the_label_is_translated_and_the_deconstructed_field_unchanged():
    field = SiteSettings._meta.get_field("host_institution")
    with translation.override("de"):
        assert str(field.verbose_name) == "Trägereinrichtung"
    assert str(field.verbose_name) == "host institution"
    assert "verbose_name" not in field.deconstruct()[3]


def test_an_inherited_field_keeps_the_label_of_its_abstract_model():
    field = Publication._meta.get_field("publish_at")
    with translation.override("de"):
        assert str(field.verbose_name) == "veröffentlichen am"
    assert "verbose_name" not in field.deconstruct()[3]


def test_the_model_name_is_translated_and_not_a_meta_option():
    with translation.override("de"):
        assert str(PartnerLogo._meta.verbose_name_plural) == "Partnerlogos"
    assert "verbose_name" not in PartnerLogo._meta.original_attrs


def test_a_field_or_model_with_its_own_name_is_refused():
    with pytest.raises(ValueError, match="own verbose name"):
        labelled(hero_image="x")(SiteSettings)
    with pytest.raises(ValueError, match="own verbose name"):
        named("x", "xs")(SiteSettings)
