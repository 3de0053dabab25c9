"""The one registry: our own definitions, bytes with a dimension, no tesla or barn."""

import pytest

from calc.units import REGISTRY, parse_unit


def test_bytes_have_an_information_dimension():
    assert str(parse_unit("TB/s").dimensionality) == "[information] / [time]"
    with pytest.raises(Exception):
        (REGISTRY.Quantity(1, "TB/s") + REGISTRY.Quantity(1, "1/s"))


@pytest.mark.parametrize("symbol", ["T", "Tb", "b", "t", "Hz"])
def test_no_stray_units(symbol):
    with pytest.raises(ValueError):
        parse_unit(symbol)


def test_prefixed_units():
    assert REGISTRY.Quantity(1, "Tparam").to("param").magnitude == 1e12
    assert REGISTRY.Quantity(1, "Bparam").to("param").magnitude == 1e9
    assert REGISTRY.Quantity(5, "USD/Mtok").to("USD/token").magnitude == pytest.approx(5e-6)
    assert REGISTRY.Quantity(1, "GB/token").to("byte/token").magnitude == 1e9
