from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from clusterdesk.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("clusterdesk"), {"fields": ("role", "preferred_language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("clusterdesk"), {"fields": ("role", "email", "first_name", "last_name")}),
    )
