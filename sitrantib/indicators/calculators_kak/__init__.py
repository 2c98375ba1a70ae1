"""The calculators of the KAK's indicators (docs/adr/0091), registered at import.

Each one reuses the read of the app that owns the rule — field work's desa situation, meetings'
follow-up share, surveys' IKM, village documents' on-time shares, trainings' counted statuses —
and lists the records behind its numerator and denominator from the same rows it counted, so a
drill-down list always has as many rows as the number it explains. Each runs a fixed number of
queries for any number of desa or records.

The batch forms (`*_batch`) fetch the rows of every period asked for all the kecamatan asked at
once, ordered as the per-kecamatan form orders them, and bucket them by kecamatan and period;
each bucket is turned into its Computation by the same function as the per-kecamatan form.

One module per app the records come from — `fieldwork` (peaceful and monitored desa,
accompaniment visits), `surveys` (IKM), `meetings` (follow-up share, FORKOMPIMKA synergy),
`villagedocs` (documents on time), `trainings` (LINMAS trained, LINMAS guidance) — each
registering its own calculators; `common` holds the batch helpers they share. Importing this
package (done from `IndicatorsConfig.ready`) registers them all.
"""

from sitrantib.indicators.calculators_kak import (  # noqa: F401 - registration
    fieldwork,
    meetings,
    surveys,
    trainings,
    villagedocs,
)
