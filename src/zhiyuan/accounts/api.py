"""Accounts over HTTP: who am I, and the administrators' account operations."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from zhiyuan.accounts import services
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import ApiToken, User, UserRole
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.inputs.text import ID_NUMBER_MAX, ONE_LINE, QUERY_MAX, Line, column_length

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    court: str | None
    organization: str | None
    roles: list[str]
    permissions: list[str]
    scope_courts: int
    second_factor_verified: bool


USERNAME_MAX = column_length(User, "username")


class UserIn(Schema):
    username: Line = Field(max_length=USERNAME_MAX)
    password: Line = Field(max_length=256)
    full_name: Line = Field("", max_length=column_length(User, "full_name"))
    court: Line = Field("", max_length=column_length(Court, "code"))
    organization: Line = Field("", max_length=column_length(PartnerOrganization, "code"))
    id_number: Line = Field("", max_length=ID_NUMBER_MAX)


class RoleIn(Schema):
    role: Line = Field(max_length=column_length(UserRole, "role"))


class TokenIn(Schema):
    username: Line = Field(max_length=USERNAME_MAX)
    name: Line = Field(max_length=column_length(ApiToken, "name"))
    scopes: list[Annotated[str, Field(max_length=QUERY_MAX), ONE_LINE]]
    days: int = 365


@router.get("/me", response=MeOut, summary="当前用户 Who am I")
def me(request: HttpRequest) -> MeOut:
    user: User = request.user  # type: ignore[assignment]
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        court=user.court.code if user.court else None,
        organization=user.organization.code if user.organization else None,
        roles=sorted(user.role_codes),
        permissions=sorted(request.permissions),  # type: ignore[attr-defined]
        scope_courts=len(scope_of(user).court_ids),
        second_factor_verified=bool(user.is_verified()),
    )


@router.get("/roles", summary="权限矩阵 The permission matrix")
def roles(request: HttpRequest) -> dict[str, Any]:
    m = matrix()
    return {
        "permissions": m.permissions,
        "roles": {
            c: {
                "zh": r.zh,
                "en": r.en,
                "kind": r.kind,
                "permissions": sorted(r.permissions),
                "exclusive": r.exclusive,
                "second_factor": r.second_factor,
            }
            for c, r in m.roles.items()
        },
        "incompatible": [sorted(p) for p in m.incompatible],
    }


@router.post("/users", response={201: dict[str, Any]}, summary="创建用户 Create a user (admin:users)")
def create_user(request: HttpRequest, body: UserIn) -> Status[dict[str, Any]]:
    user = services.create_user(
        request.user,
        username=body.username,
        password=body.password,
        full_name=body.full_name,
        court_code=body.court,
        organization_code=body.organization,
        id_number=body.id_number,
        request=request,
    )
    return Status(201, {"username": user.username, "id": user.pk})


def _user(username: str) -> User:
    return get_object_or_404(User, username=username)


@router.post("/users/{username}/roles", summary="授予角色 Grant a role (security:roles)")
def grant(request: HttpRequest, username: str, body: RoleIn) -> dict[str, Any]:
    user = _user(username)
    services.grant_role(request.user, user, body.role, request=request)
    return {"username": username, "roles": sorted(User.objects.get(pk=user.pk).role_codes)}


@router.delete("/users/{username}/roles/{role}", summary="撤销角色 Revoke a role (security:roles)")
def revoke(request: HttpRequest, username: str, role: str) -> dict[str, Any]:
    user = _user(username)
    services.revoke_role(request.user, user, role, request=request)
    return {"username": username, "roles": sorted(User.objects.get(pk=user.pk).role_codes)}


@router.post("/users/{username}/unlock", summary="解锁 Unlock (security:accounts)")
def unlock(request: HttpRequest, username: str) -> dict[str, Any]:
    addresses = services.unlock(request.user, _user(username), request=request)
    return {"username": username, "status": "unlocked", "addresses": addresses}


@router.post("/users/{username}/deactivate", summary="停用账号 Deactivate (admin:users)")
def deactivate(request: HttpRequest, username: str) -> dict[str, str]:
    services.set_active(request.user, _user(username), False, request=request)
    return {"username": username, "status": "inactive"}


@router.post(
    "/tokens", response={201: dict[str, Any]}, summary="签发令牌 Issue an API token (security:tokens)"
)
def issue_token(request: HttpRequest, body: TokenIn) -> Status[dict[str, Any]]:
    token, raw = services.issue_token(
        request.user, _user(body.username), body.name, body.scopes, body.days, request=request
    )
    return Status(
        201,
        {
            "token": raw,
            "prefix": token.prefix,
            "scopes": token.scopes,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )


@router.post("/tokens/{prefix}/revoke", summary="吊销令牌 Revoke an API token (security:tokens)")
def revoke_token(request: HttpRequest, prefix: str) -> dict[str, str]:
    services.revoke_token(request.user, get_object_or_404(ApiToken, prefix=prefix), request=request)
    return {"prefix": prefix, "status": "revoked"}
