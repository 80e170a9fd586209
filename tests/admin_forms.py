"""Posting an admin change form as a browser would: the values the page shows, with changes."""


def change_form_data(response, **changes) -> dict:
    """The data a change page's form and inlines would post unchanged, updated with `changes`
    (by field name as posted, such as jobs_committed or commitments-0-jobs_committed)."""
    data = {}
    add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add_form(data, formset.management_form)
        for form in formset.forms:
            add_form(data, form)
    data.update(changes)
    return data


def add_form(data: dict, form) -> None:
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = "" if value is None else value
