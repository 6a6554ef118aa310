from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from news import selectors


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "news_items"
    paginate_by = selectors.NEWS_PAGE_SIZE

    def get_queryset(self):
        return selectors.news_list()


class NewsDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "news/news_detail.html"
    context_object_name = "item"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(
            selectors.news_detail_queryset(request.user), slug=kwargs["slug"]
        )
        if self.object.date.year != kwargs["year"]:
            # The date was corrected after publishing: old links still arrive.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        item = self.object
        return super().get_context_data(
            **kwargs,
            members=item.members.published(),
            sessions=item.sessions.published().select_related("series"),
            publications=item.publications.published(),
        )
