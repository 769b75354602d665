"""What the simulation has written: one row per imported chunk, so a re-run skips it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedChunk(models.Model):
    """A chunk of a simulation run (``signature`` names seed, scale, years, date and rates) imported."""

    signature = models.CharField(_("运行标识"), max_length=64)
    key = models.CharField(_("数据块"), max_length=64)
    seed = models.BigIntegerField(_("随机种子"))
    cases = models.PositiveIntegerField(_("案件数"))
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("模拟数据块")
        verbose_name_plural = _("模拟数据块")
        constraints = [models.UniqueConstraint(fields=["signature", "key"], name="simulated_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.signature} {self.key}"
