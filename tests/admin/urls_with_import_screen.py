"""The example site's URLs plus a stand-in for the importer's screen (``advice_importers:import``).

Lets the menu tests run whether or not the real screen is registered yet; where it is, the
real one (registered first, inside the admin) is the one ``reverse()`` finds.
"""

from django.http import HttpResponse
from django.urls import include, path
from example_site.urls import urlpatterns as site_urlpatterns


def import_screen(request):
    return HttpResponse("import screen")


urlpatterns = [
    *site_urlpatterns[:-1],  # the last entry is Wagtail's catch-all page serving
    path(
        "stand-in-import/",
        include(([path("", import_screen, name="import")], "advice_importers")),
    ),
    site_urlpatterns[-1],
]
