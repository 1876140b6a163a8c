"""Which valid selectors `check` and `preview` warn about (issue 20, case 4)."""

from __future__ import annotations

import pytest

from pipeline.parse.selector_risk import selector_risks, source_selector_risks
from pipeline.records import Selectors


@pytest.mark.parametrize(
    "css",
    [
        "section div div div div",  # the cases
        "main div div div div",
        "section div div div",
        "ul li li a",
        "* a",
        "a.card, * * p",  # any member of a list
        'div[data-x="a b"] div span p',  # a space inside brackets is no combinator
    ],
)
def test_chains_that_multiply_by_the_depth_are_warned_about(css: str) -> None:
    assert selector_risks(css)


@pytest.mark.parametrize(
    "css",
    [
        "article.news",
        "section div div",  # one multiplying step: depth², under a second at 200 deep
        ".news article h3 a",  # steps onto rarely nested elements
        ".view-content .views-row .field-title a",  # the editor's own classes
        "div > div > div > div",  # children, not descendants: no backtracking
        "section  >  div div",
        "li:not(.x y) div a",
        "h3 a[title='a b c d']",
    ],
)
def test_ordinary_selectors_are_not(css: str) -> None:
    assert selector_risks(css) == ()


def test_each_risk_names_its_field() -> None:
    risks = source_selector_risks(Selectors(item="main div div div div", title="h3", date="* time"))
    assert [risk.split(":")[0] for risk in risks] == ["selectors.item", "selectors.date"]
    assert source_selector_risks(None) == ()
