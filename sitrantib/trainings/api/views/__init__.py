"""The trainings API (issue 10, docs/adr/0060): trainings, their sessions, participants,
attendance, scores, completion and certificates, and the instructors, scoped like the register.

Who gets what:
- The section's administrator of the kecamatan (Admin Seksi Trantib) reads and writes everything
  of their kecamatan.
- The Camat and the kecamatan staff read every training with its participants; writes answer 403.
- A village operator reads the trainings of the kecamatan and only the participants, marks,
  completion rows and certificates of their desa; writes answer 403.
- A partner (Polsek, Koramil) reads the trainings in which one of its people teaches and their
  sessions, never the participants: the participant endpoints answer 403.
- A training outside the caller's scope answers 404, like one that does not exist.

Every write goes through sitrantib/trainings/services/; errors take the project's one body
(core.api.exception_handler). Single objects carry their version as ETag; a stale If-Match on a
training (PUT/PATCH/transition), an instructor or a session (PATCH/DELETE) answers 412.

One module per resource: `trainings` (the training and its workflow, `TrainingViewSet`), whose
nested endpoints come from `sessions`, `participants` (enrolments, attendance, scores, completion)
and `certificates`; `instructors` (`InstructorViewSet`); `common` holds what they share. The URLs
(`api/urls.py`) import the viewsets from their modules.
"""
