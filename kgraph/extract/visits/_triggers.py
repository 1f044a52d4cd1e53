"""Visit triggers: the sentence scan over verbs, trip nouns, hosts, "visiting" guests and fronted "At X" phrases."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from spacy.tokens import Span, Token

from kgraph.extract.visits._base import _Found, _State, _Target
from kgraph.extract.visits._modality import _forms, _ModalityMixin
from kgraph.extract.visits._people import _PRONOUNS, _PeopleMixin
from kgraph.extract.visits._targets import _TargetMixin
from kgraph.records import Entity


class _TriggerMixin(_ModalityMixin, _PeopleMixin, _TargetMixin):
    """Finds the triggers of a sentence with their visitors and targets (part of :class:`VisitExtractor`)."""

    # -- sentence scan ----------------------------------------------------------------------------

    def _sentence(self, sent: Span, state: _State) -> Iterator[_Found]:
        cues = self.cues
        doc, lemmas, triggers = sent.doc, state.lemmas, self._triggers
        # only tokens whose lemma is a trigger can give anything: skip the others without making Tokens
        for i in range(sent.start, sent.end):
            if lemmas[i] not in triggers:
                continue
            tok = doc[i]
            lemma = lemmas[i]
            found: _Found | None = None
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "NOUN"):
                if lemma in cues.host_verbs:
                    found = self._host(tok, sent, state)
                elif lemma in cues.object_verbs or lemma in cues.motion_verbs or lemma == "be":
                    found = self._verb(tok, sent, state)
                elif lemma == "meet" or lemma == "hold":
                    found = self._visiting(tok, sent, state)
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in cues.trip_nouns and tok.i not in state.ent_at:
                found = self._noun(tok, sent, state)
            if found is not None:
                if found.visitors:
                    state.current = list(found.visitors)
                if found.targets:
                    state.recent.extend(found.targets)
                    yield found
        fronted = self._fronted(sent, state)
        if fronted is not None:
            state.current = list(fronted.visitors)
            state.recent.extend(fronted.targets)
            yield fronted

    def _weak(self, sent: Span, state: _State) -> Iterator[_Found]:
        """Presence cues ("talks to staff at X", "held a meeting in Beijing") for known visitors."""
        doc, verbs = sent.doc, state.verbs
        for k in range(bisect.bisect_left(verbs, sent.start), bisect.bisect_left(verbs, sent.end)):
            tok = doc[verbs[k]]
            lemma = state.lemmas[tok.i]
            if lemma in self.cues.not_presence:
                continue
            subjects = self._subjects(tok, state)
            visitors = [p for p in subjects if p.name in state.known_visitors]
            targets: list[_Target] = []
            if not visitors:
                # "X upstaged Y at the factory": an "at" site on a non-reporting verb puts anyone there
                if not subjects or lemma in self.cues.speech or lemma in self.cues.host_verbs or lemma == "be":
                    continue
                for prep in self._preps(tok):
                    if prep.lower_ == "at":
                        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                            targets.extend(t for t in self._np_targets(pobj, state) if t.kind != "place")
                # the modality check is the costly one: only for clauses that would give a visit
                if targets and not self._irrealis(tok, sent):
                    yield _Found(subjects, targets, sent, [tok], weak=True)
                continue
            if self._irrealis(tok, sent):
                continue
            state.current = visitors
            for prep in self._preps(tok) if lemma not in self.cues.object_verbs else ():
                word = prep.lower_
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if word == "in":
                        targets.extend(t for t in self._np_targets(pobj, state, places=True) if t.kind == "place")
            # "talks to staff at RICOM", "poses with students at Tsinghua": "at" phrases inside the clause
            for prep in self._at_phrases(tok):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    targets.extend(self._np_targets(pobj, state, places=True))
            if targets:
                self._place_locations(targets)
                yield _Found(visitors, targets, sent, [tok], weak=True)

    # -- triggers ---------------------------------------------------------------------------------

    def _verb(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        cues = self.cues
        lemma = verb.lemma_.lower()
        if lemma == "be" and not any(c.dep_ == "prep" and c.lower_ in ("in", "at") for c in verb.children):
            return None
        if self._irrealis(verb, sent):
            return None
        visitors = self._subjects(verb, state)
        if not visitors:
            return None
        targets: list[_Target] = []
        unnamed_places: list[_Target] = []
        if lemma in cues.object_verbs:
            for obj in (c for c in verb.children if c.dep_ in ("dobj", "attr")):
                got = self._np_targets(obj, state, places=True, restrict_place=lemma == "investigate")
                if got:
                    targets.extend(got)
                else:
                    places = self._unnamed_place(obj, state)
                    if not places and obj.lemma_.lower() in cues.site_nouns:
                        # "opened a new hospice in Bristol", with "in Bristol" on the verb
                        places = self._unnamed_place(verb, state)
                    unnamed_places.extend(places)
        if lemma in cues.motion_verbs or lemma == "be":
            allowed = {"in", "at"} if lemma == "be" else cues.motion_preps
            if lemma == "tour":
                allowed = allowed | {"of", "around", "through"}
            for prep in self._preps(verb):
                if prep.lower_ not in allowed:
                    continue
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if pobj.lower_ in ("home", "here", "there"):
                        continue
                    got = self._np_targets(pobj, state, places=True)
                    if prep.lower_ == "for":
                        got = []
                    if prep.lower_ == "in" and lemma not in ("be", "arrive", "land", "stop"):
                        got = [t for t in got if t.kind == "place"]
                    if prep.lower_ == "in" and lemma in cues.object_verbs and any(
                        t.kind != "place" for t in targets
                    ):
                        # "visited Sunward in Changsha": the place only locates the site
                        for t in targets:
                            if t.location is None and got:
                                t.location = got[0].name
                        continue
                    targets.extend(got)
        if not targets and unnamed_places:
            targets = unnamed_places
        elif targets and lemma in cues.object_verbs:
            # "visited a company in Xining": the verb's own "in X" locates the site.
            loc = self._prep_place(verb, state)
            for t in targets:
                if t.location is None and t.kind != "place" and loc and loc != t.name:
                    t.location = loc
        if not targets and lemma not in cues.object_verbs and lemma not in cues.motion_verbs:
            return None
        self._place_locations(targets)
        return _Found(visitors, targets, sent, [verb])

    def _noun(self, noun: Token, sent: Span, state: _State) -> _Found | None:
        cues = self.cues
        if any(c.lower_ in cues.not_adjectives for c in noun.children if c.dep_ in ("amod", "compound", "nmod")):
            return None
        if any(c.lower_ in cues.virtual for c in noun.children):
            return None
        gov = self._governor(noun)
        direct = gov is not None and (noun.head.i == gov.i or (noun.dep_ == "pobj" and noun.head.head.i == gov.i))
        if gov is not None and direct:
            if _forms(gov) & cues.cancel_verbs or self._irrealis(gov, sent):
                return None
        if self._remote(sent):
            return None
        visitors: list[Entity] = []
        for c in noun.children:
            if c.dep_ == "poss":
                if c.lower_ in _PRONOUNS and gov is not None:
                    # "Before his China tour, Kerry visited ...": the clause's own subject owns the pronoun
                    visitors = [p for p in self._subjects(gov, state) if c.lower_ in _PRONOUNS]
                if not visitors:
                    visitors = self._person(c, state, gov)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    visitors = self._person(p, state, gov)
        if not visitors and gov is not None and (
            noun.dep_ in ("dobj", "attr", "pobj", "npadvmod", "conj", "appos") or gov.lemma_.lower() in cues.light_verbs
        ):
            if noun.dep_ != "nsubj":
                up: Token | None = gov
                for _ in range(4):
                    if up is None:
                        break
                    visitors = self._subjects(up, state)
                    if visitors or up.dep_ not in ("ccomp", "advcl", "conj", "xcomp", "acl") or up.head.i == up.i:
                        break
                    up = up.head
                    # "urged efforts to advance X during a tour": through the noun to its verb
                    if up.pos_ == "NOUN" and up.dep_ in ("dobj", "pobj") and up.head.i != up.i:
                        up = up.head if up.dep_ == "dobj" else up.head.head
        if not visitors:
            return None
        targets: list[_Target] = []
        direct_object = False
        children = list(noun.children)
        if gov is not None and noun.dep_ == "dobj" and noun.head.i == gov.i and gov.lemma_.lower() in cues.light_verbs:
            # "made an inspection tour in Hunan Province": the place hangs on the light verb
            children += [c for c in gov.children if c.dep_ == "prep" and c.lower_ in ("to", "in") and c.i > noun.i]
        for c in children:
            if c.dep_ == "prep" and c.lower_ in ("to", "of", "in", "at", "around", "through", "into"):
                for pobj in (x for x in c.children if x.dep_ == "pobj"):
                    if c.lower_ == "into" and noun.lemma_.lower() != "investigation":
                        continue
                    got = self._np_targets(pobj, state, places=True, restrict_place=noun.lemma_.lower() == "investigation")
                    if got and c.lower_ in ("to", "of", "at"):
                        direct_object = True
                    if not got and c.lower_ == "into":
                        got = self._deep_places(pobj, state)
                    if not got:
                        got = self._unnamed_place(pobj, state)
                    if c.lower_ == "in":
                        got = [t for t in got if t.kind == "place"]
                        if targets and direct_object:
                            for t in targets:
                                t.location = t.location or (got[0].name if got else None)
                            continue
                    targets.extend(got)
            elif c.dep_ in ("compound", "nmod", "amod") and c.i in state.ent_at:
                ent, _ = state.ent_at[c.i]
                if ent.kind == "place" and not any(t.name == ent.name for t in targets):
                    targets.append(_Target(ent.name, "place", c.i))
        has_object = any(c.dep_ == "prep" and c.lower_ in ("to", "of", "in", "at") for c in children)
        if not targets and not has_object and gov is not None and noun.dep_ == "pobj" and noun.head.lower_ in (
            "on", "during"
        ):
            # "sent greetings to the people of A, B and C in P on an inspection trip": the clause's places
            clause = gov
            for tok in clause.subtree:
                if tok.i in state.ent_at and tok.i not in noun.subtree and tok.sent == sent:
                    ent, span = state.ent_at[tok.i]
                    if ent.kind == "place" and tok.i == span.start and not any(t.name == ent.name for t in targets):
                        targets.append(_Target(ent.name, "place", tok.i))
        self._place_locations(targets)
        anchors = [noun] + ([gov] if gov is not None else [])
        return _Found(visitors, targets, sent, anchors, trip_noun=True)

    def _host(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        """"X received/welcomed Y at the airport": Y was at the airport."""
        if self._irrealis(verb, sent):
            return None
        guests: list[Entity] = []
        for c in verb.children:
            if c.dep_ == "dobj":
                guests = self._person(c, state, verb)
        if not guests:
            return None
        targets: list[_Target] = []
        for prep in self._preps(verb):
            if prep.lower_ in ("at", "in"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    targets.extend(self._np_targets(pobj, state, places=True))
        if not targets:
            return None
        self._place_locations(targets)
        return _Found(guests, targets, sent, [verb])

    def _visiting(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        """"met with visiting X": the guest visited the place named, or the dateline place."""
        if self._irrealis(verb, sent):
            return None
        guests: list[Entity] = []
        for tok in verb.subtree:
            if tok.lower_ == "visiting" and tok.dep_ in ("amod", "compound", "nmod") and tok.head.i in state.ent_at:
                ent, _ = state.ent_at[tok.head.i]
                if ent.kind == "person":
                    guests.append(ent)
        if not guests:
            return None
        place = self._prep_place(verb, state) or state.dateline
        if place is None:
            return None
        return _Found(guests, [_Target(place, "place", verb.i)], sent, [verb])

    def _fronted(self, sent: Span, state: _State) -> _Found | None:
        """"At X, Premier Li observed ..." / "In Suzhou, Xi visited ..."."""
        first = next((t for t in sent if not t.is_space and not t.is_punct), None)
        if first is None or first.lower_ not in ("at", "in") or first.dep_ != "prep":
            return None
        verb = first.head
        if verb.pos_ not in ("VERB", "AUX") or self._irrealis(verb, sent):
            return None
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj or subj[0].i < first.i:
            return None
        visitors = self._subjects(verb, state)
        if not visitors:
            return None
        if verb.lemma_.lower() in self.cues.not_presence:
            return None
        targets: list[_Target] = []
        for pobj in (c for c in first.children if c.dep_ == "pobj"):
            got = self._np_targets(pobj, state, places=True)
            if first.lower_ == "in":
                got = [t for t in got if t.kind == "place" or pobj.i not in state.ent_at]
            targets.extend(got)
        if not targets:
            return None
        self._place_locations(targets)
        return _Found(visitors, targets, sent, [verb])
