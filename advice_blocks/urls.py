"""Public URLs: include them to accept comments.

path("advice/", include("advice_blocks.urls")),
"""

from django.urls import path

from . import views

app_name = "advice_blocks"

urlpatterns = [
    path("comments/<int:page_id>/", views.submit_comment, name="comment_submit"),
    path("api/comments/<int:page_id>/", views.api_submit_comment, name="comment_api_submit"),
]
