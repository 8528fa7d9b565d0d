from django.contrib import admin

from prudent.documents.models import CaseDocument, DocumentNumberCounter


@admin.register(CaseDocument)
class CaseDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "case", "on", "served_on")
    search_fields = ("number", "case__number")
    readonly_fields = tuple(f.name for f in CaseDocument._meta.fields)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(DocumentNumberCounter)
class DocumentNumberCounterAdmin(admin.ModelAdmin):
    list_display = ("department", "year", "prefix", "last")
    readonly_fields = ("department", "year", "prefix", "last")
