from django.urls import path

from memoranda import (
    changes,
    glossary,
    opendata,
    release_views,
    signings,
    source_open_data,
    space,
    suggestions,
    views,
)

app_name = "memoranda"

urlpatterns = [
    path("", views.home, name="home"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/operators.json", suggestions.operator_names, name="operator_names"),
    path("commitments/export.csv", views.commitment_export_csv, name="commitment_export_csv"),
    path("commitments/export.xlsx", views.commitment_export_xlsx, name="commitment_export_xlsx"),
    path(
        "commitments/export-excel.csv",
        views.commitment_export_excel_csv,
        name="commitment_export_excel_csv",
    ),
    path("commitments/export.json", views.commitment_export_json, name="commitment_export_json"),
    path("commitments/over-time.csv", views.over_time_csv, name="over_time_csv"),
    path("commitments/by-city.csv", views.grouped_csv, {"group": "city"}, name="by_city_csv"),
    path(
        "commitments/by-segment.csv",
        views.grouped_csv,
        {"group": "segment"},
        name="by_segment_csv",
    ),
    path("commitments/datapackage.json", opendata.datapackage, name="datapackage"),
    path("open-data/", opendata.open_data, name="open_data"),
    path("open-data/sources.csv", source_open_data.sources_csv, name="sources_csv"),
    path("open-data/claims.csv", source_open_data.claims_csv, name="claims_csv"),
    path("open-data/releases/<str:name>/", release_views.release_detail, name="release_detail"),
    path(
        "open-data/releases/<str:name>/<str:filename>",
        release_views.release_file,
        name="release_file",
    ),
    path("changes/", changes.change_list, name="change_list"),
    path("changes/feed/", changes.CorrectionFeed(), name="change_feed"),
    path("memoranda/<str:reference>/", views.memorandum_detail, name="memorandum_detail"),
    path("glossary/", glossary.glossary_page, name="glossary"),
    path("signings/", signings.signing_list, name="signing_list"),
    path("signings/<slug:slug>/", views.signing_detail, name="signing_detail"),
    path("programmes/<slug:slug>/", signings.programme_detail, name="programme_detail"),
    path("operators/<slug:slug>/", views.operator_detail, name="operator_detail"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("segments/<str:code>/", views.segment_detail, name="segment_detail"),
    path("space/commitments/", space.space_commitments, name="space_commitments"),
]
