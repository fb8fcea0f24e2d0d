"""Every sentence a user reads, in Swedish and English, reviewed in one place.

Templates use str.format fields. `say(key, lang, **fields)` picks the language (Swedish when the
template has no English wording).
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Iterator

MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

NUMBER_WORDS = {
    "sv": {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem"},
    "en": {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"},
}

ROLES = {
    "lead_partner": {"sv": "huvudansvarig (lead partner)", "en": "lead partner"},
    "partner": {"sv": "partner", "en": "a partner"},
    "associated_partner": {"sv": "associerad partner", "en": "an associated partner"},
    "owner": {"sv": "projektägare", "en": "project owner"},
}

RELATIONS = {
    "member": {"sv": "{region} är medlem i {name}.", "en": "{region} is a member of {name}."},
    "follows": {"sv": "{region} är inte medlem i {name}, men deltar på konferenser och bevakar vad som sker där.",
                "en": "{region} is not a member of {name}, but attends its conferences and follows its work."},
}

T: dict[str, dict[str, str]] = {
    # --- not found / input problems ---
    "internal_error": {"sv": "Förlåt, något gick fel när jag skulle svara på den frågan.",
                       "en": "Sorry, something went wrong while answering that question."},
    "empty": {"sv": "Frågan är tom. Skriv vad du vill veta, till exempel: Vilka projekt tjänar insatsområde 3?",
              "en": "The question is empty. Ask for example: Which projects serve priority area 3?"},
    "no_words": {"sv": "Jag hittar inga ord att söka på i frågan. Skriv den med vanliga ord, till exempel: När beslutar regionstyrelsen?",
                 "en": "I found no words to search for. Ask for example: When does the regional board decide?"},
    "not_found": {"sv": "Jag hittade inget säkert svar på det i strategin.",
                  "en": "I found no reliable answer to that in the strategy."},
    "not_found_closest": {"sv": "Jag hittade inget säkert svar på det i strategin. De närmaste avsnitten är:",
                          "en": "I found no reliable answer to that in the strategy. The closest sections are:"},
    "did_you_mean": {"sv": "Menade du {options}?", "en": "Did you mean {options}?"},
    "truncated": {"sv": "(Frågan var mycket lång; jag läste bara början.)",
                  "en": "(The question was very long; I only read the beginning.)"},
    # --- projects ---
    "projects_in_area": {"sv": "Projekt inom {area}:", "en": "Projects in {area}:"},
    "projects_none_in_area": {
        "sv": "Strategin nämner inga projekt inom {area}.",
        "en": "The strategy names no projects in {area}."},
    "projects_all": {"sv": "Strategin nämner {n} internationella projekt:", "en": "The strategy names {n} international projects:"},
    "projects_counted": {"sv": "Det är {n} projekt.", "en": "{n} projects."},
    "projects_counted_one": {"sv": "Det är ett projekt.", "en": "One project."},
    "members_counted": {"sv": "Det är {n} nätverk och organisationer.", "en": "{n} networks and organisations."},
    "members_counted_one": {"sv": "Det är ett nätverk.", "en": "One network."},
    "regions_counted": {"sv": "Det är {n} regioner.", "en": "{n} regions."},
    "regions_counted_one": {"sv": "Det är en region.", "en": "One region."},
    "projects_role": {"sv": "Projekt där {region} är {role}:", "en": "Projects where {region} is {role}:"},
    "projects_role_not": {"sv": "Projekt där {region} inte är {role}:",
                          "en": "Projects where {region} is not {role}:"},
    "projects_in_area_not": {"sv": "Projekt utanför {area}:", "en": "Projects outside {area}:"},
    "projects_area_role": {"sv": "Projekt inom {area} där {region} är {role}:",
                           "en": "Projects in {area} where {region} is {role}:"},
    "projects_area_role_not": {"sv": "Projekt inom {area} där {region} inte är {role}:",
                               "en": "Projects in {area} where {region} is not {role}:"},
    "projects_flagship_not": {"sv": "Projekt som inte är flaggskeppsprojekt i EU:s Östersjöstrategi:",
                              "en": "Projects that are not flagship projects of the EU Baltic Sea Strategy:"},
    "projects_country_not": {"sv": "Projekt utan parter i {country}:", "en": "Projects without partners in {country}:"},
    "projects_org_not": {"sv": "Projekt som inte är kopplade till {org}:", "en": "Projects not linked to {org}:"},
    "projects_owner_as_lead": {
        "sv": "Strategin kallar inte {region} projektägare i något namngivet projekt, men {region} är "
              "huvudansvarig (lead partner) för:",
        "en": "The strategy does not call {region} the owner of a named project, but it is lead partner of:"},
    "projects_role_none": {"sv": "Strategin nämner inga projekt där {region} är {role}.",
                           "en": "The strategy names no project where {region} is {role}."},
    "projects_country": {"sv": "Projekt med parter i {country}:", "en": "Projects with partners in {country}:"},
    "projects_org": {"sv": "Projekt kopplade till {org}:", "en": "Projects linked to {org}:"},
    "projects_flagship": {"sv": "Flaggskeppsprojekt i EU:s Östersjöstrategi:", "en": "Flagship projects of the EU Baltic Sea Strategy:"},
    "project_line": {"sv": "{name} – {detail}", "en": "{name} – {detail}"},
    "line_role": {"sv": "{region} är {role}", "en": "{region} is {role}"},
    "line_owner": {"sv": "projektägare: {owner}", "en": "project owner: {owner}"},
    "project_areas": {"sv": "{name} hör till {areas}.", "en": "{name} belongs to {areas}."},
    "project_partners": {"sv": "{name} samlar {partners}.", "en": "{name} brings together {partners}."},
    "project_partners_missing": {"sv": "Strategin anger inte hur många partner {name} har.",
                                 "en": "The strategy does not say how many partners {name} has."},
    "project_budget": {"sv": "{name} har en total budget på {budget}.", "en": "{name} has a total budget of {budget}."},
    "project_budget_missing": {"sv": "Strategin anger ingen budget för {name}.", "en": "The strategy gives no budget for {name}."},
    "projects_funding": {"sv": "Projekt som finansieras av {funding}:", "en": "Projects funded by {funding}:"},
    "projects_funding_not": {"sv": "Projekt som inte finansieras av {funding}:",
                             "en": "Projects not funded by {funding}:"},
    "project_funding": {"sv": "{name}: {funding}.", "en": "{name}: {funding}."},
    "project_funding_missing": {"sv": "Strategin anger inte hur {name} finansieras.",
                                "en": "The strategy does not say how {name} is funded."},
    "project_period": {"sv": "{name} pågår {period}.", "en": "{name} runs {period}."},
    "document_period": {"sv": "{document} gäller för perioden {period}.",
                        "en": "{document} covers the period {period}."},
    "project_period_missing": {"sv": "Strategin anger inte när {name} pågår.", "en": "The strategy does not say when {name} runs."},
    "project_countries": {"sv": "I {name} deltar parter från {countries}.", "en": "{name} has partners from {countries}."},
    "project_countries_missing": {"sv": "Strategin räknar inte upp vilka länder som deltar i {name}.",
                                  "en": "The strategy does not list the countries taking part in {name}."},
    "project_role": {"sv": "{region} är {role} i {name}.", "en": "{region} is {role} in {name}."},
    "project_role_missing": {"sv": "Strategin anger inte {region_gen} roll i {name}.",
                             "en": "The strategy does not state {region}'s role in {name}."},
    "project_lead": {"sv": "{name} leds av {lead}.", "en": "{name} is led by {lead}."},
    "project_owner": {"sv": "{owner} är projektägare för {name}.", "en": "{owner} is the project owner of {name}."},
    "project_lead_missing": {"sv": "Strategin anger inte vem som leder {name}.", "en": "The strategy does not say who leads {name}."},
    "project_flagship": {"sv": "Ja. {note}", "en": "Yes. {name} is a flagship project of the EU Baltic Sea Strategy."},
    "project_not_flagship": {"sv": "Strategin anger inte att {name} är ett flaggskeppsprojekt.",
                             "en": "The strategy does not say that {name} is a flagship project."},
    "project_full_name": {"sv": "Det fullständiga namnet är {full_name}.", "en": "The full name is {full_name}."},
    "project_purpose": {"sv": "Syftet med {name}: {purpose}", "en": "The purpose of {name} (in Swedish): {purpose}"},
    "project_summary_head": {"sv": "{title} är ett projekt inom {areas}.", "en": "{title} is a project in {areas}."},
    # --- periods ---
    "period_start_end": {"sv": "från {start} till {end}", "en": "from {start} to {end}"},
    "period_start_years": {"sv": "i {years} år, från {start}", "en": "for {years} years from {start}"},
    "period_end_years": {"sv": "i {years} år, till och med {end}", "en": "for {years} years, until {end}"},
    "period_start": {"sv": "från {start}", "en": "from {start}"},
    "period_end": {"sv": "till {end}", "en": "until {end}"},
    # --- timeline ---
    "body_date": {"sv": "{body} behandlar strategin den {date} (enligt avsnittet {source}).",
                  "en": "{body} takes up the strategy on {date} (according to the section {source})."},
    "event_date": {"sv": "{event}: {date}.", "en": "{event}: {date}."},
    "timeline_head": {"sv": "{source} ({years}):", "en": "Timeline ({source}, {years}):"},
    "decisions_head": {"sv": "Beslutsgången för strategin ({years}, enligt {source}):",
                       "en": "The strategy's decision steps ({years}, according to {source}):"},
    "no_dates": {"sv": "Strategin anger inget datum för {name}.", "en": "The strategy gives no date for {name}."},
    "founded": {"sv": "{name} bildades {founded}.", "en": "{name} was founded {founded}."},
    # --- areas ---
    "area_name": {"sv": "Insatsområde {number} heter {name}.", "en": "Priority area {number} is {name}."},
    "area_variant": {"sv": "Det kallas också {variants}.", "en": "It is also called {variants}."},
    "area_projects": {"sv": "Projekt inom området: {projects}.", "en": "Projects in the area: {projects}."},
    "area_no_projects": {"sv": "Strategin nämner inga projekt inom området.", "en": "The strategy names no projects in the area."},
    "area_priority": {"sv": "Geografiska samarbetsområden som fokuserar på det: {areas}.",
                      "en": "Geographic areas of cooperation that focus on it: {areas}."},
    "areas_all": {"sv": "Det finns {n} insatsområden:", "en": "There are {n} priority areas:"},
    "areas_with_projects": {"sv": "Insatsområden med projekt i strategin:", "en": "Priority areas with projects:"},
    "areas_without_projects": {"sv": "Insatsområden utan projekt i strategin:", "en": "Priority areas without projects:"},
    "area_label": {"sv": "insatsområde {number} ({name})", "en": "priority area {number} ({name})"},
    # --- priority areas ---
    "pa_areas_same": {"sv": "Samarbetet i {name} fokuserar på {areas}.", "en": "Cooperation in {name} focuses on {areas}."},
    "pa_areas_differ": {
        "sv": "Källorna skiljer sig åt för {name}. Enligt avsnittet {section}: {text_areas}. Enligt den schematiska översikten: {table_areas}.",
        "en": "The sources differ for {name}. According to the section {section}: {text_areas}. According to the schematic overview: {table_areas}."},
    "pa_countries": {"sv": "{name} omfattar {countries}.", "en": "{name} covers {countries}."},
    "pa_purpose": {"sv": "Syftet med samarbetet i {name}: {purpose}", "en": "The purpose of {name} (in Swedish): {purpose}"},
    "pa_list": {"sv": "Strategin har {n} geografiskt prioriterade samarbetsområden:",
                "en": "The strategy has {n} geographically prioritised areas of cooperation:"},
    "pa_areas_not": {"sv": "Samarbetet i {name} fokuserar inte på {areas}.",
                     "en": "Cooperation in {name} does not focus on {areas}."},
    "excluded": {"sv": "Utelämnat, som frågan bad om: {names}.", "en": "Left out, as asked: {names}."},
    "pa_areas_all": {"sv": "Samarbetet i {name} fokuserar på alla insatsområden: {areas}.",
                     "en": "Cooperation in {name} focuses on every priority area of the strategy: {areas}."},
    # --- two records side by side on a list both have ---
    "set_countries_only": {"sv": "Länder som deltar i {first} men inte i {other}:",
                           "en": "Countries in {first} but not in {other}:"},
    "set_countries_none_only": {"sv": "Alla länder som deltar i {first} deltar också i {other}.",
                                "en": "Every country in {first} is also in {other}."},
    "set_countries_both": {"sv": "Länder som deltar i både {first} och {other}:",
                           "en": "Countries in both {first} and {other}:"},
    "set_countries_none_both": {"sv": "{first} och {other} har inga länder gemensamt.",
                                "en": "{first} and {other} have no country in common."},
    "set_areas_only": {"sv": "Insatsområden för {first} men inte för {other}:",
                       "en": "Priority areas of {first} but not of {other}:"},
    "set_areas_none_only": {"sv": "Alla insatsområden för {first} gäller också {other}.",
                            "en": "Every priority area of {first} is also one of {other}."},
    "set_areas_both": {"sv": "Insatsområden för både {first} och {other}:",
                       "en": "Priority areas of both {first} and {other}:"},
    "set_areas_none_both": {"sv": "{first} och {other} har inga insatsområden gemensamt.",
                            "en": "{first} and {other} have no priority area in common."},
    # --- partner regions ---
    "region_population": {"sv": "{name} har {population}.", "en": "{name} has {population}."},
    "region_population_missing": {"sv": "Strategin anger inte hur många invånare {name} har.",
                                  "en": "The strategy does not give the population of {name}."},
    "region_country": {"sv": "{name} ligger i {country}.", "en": "{name} is in {country}."},
    "regions_list": {"sv": "Regioner utanför EU som {region} samarbetar med eller följer särskilt:",
                     "en": "Regions outside the EU that {region} works with or follows closely:"},
    # --- organisations ---
    "members_head": {"sv": "{region} är medlem i:", "en": "{region} is a member of:"},
    "follows_head": {"sv": "{region} deltar också på konferenser och bevakar, utan medlemskap:",
                     "en": "{region} also attends and follows, without membership:"},
    "follows_only_head": {"sv": "{region} bevakar (utan att vara medlem):", "en": "{region} follows (without membership):"},
    "not_member": {"sv": "{region} är inte medlem i {name} enligt strategin.",
                   "en": "According to the strategy, {region} is not a member of {name}."},
    "decision_body": {"sv": "{name} är ett av {region_gen} beslutande organ.", "en": "{name} is one of {region}'s decision-making bodies."},
    # --- offices ---
    "office_tasks": {"sv": "{name} arbetar med:", "en": "{name} works with (in Swedish):"},
    "office_location": {"sv": "{name} finns i {location}.", "en": "{name} is located in {location}."},
    "office_founders": {"sv": "{name} bildades {founded} av {founders}.", "en": "{name} was founded in {founded} by {founders}."},
    "office_contact_missing": {"sv": "Strategin anger ingen kontaktperson för {name}.",
                               "en": "The strategy names no contact person for {name}."},
    "office_host": {"sv": "{host} är värdorganisation för {name}.", "en": "{host} hosts {name}."},
    # --- contacts ---
    "contact_found": {"sv": "EU-kontaktperson för {org}: {person}.", "en": "EU contact person for {org}: {person}."},
    "contact_missing": {
        "sv": "Ingen EU-kontaktperson är registrerad för {org} ännu. Fråga {region}, som samarbetar nära med kommunernas EU-kontaktpersoner{also}.",
        "en": "No EU contact person is registered for {org} yet. Ask {region}, which works closely with the municipalities' EU contact persons{also}."},
    "contacts_head": {"sv": "Registrerade EU-kontaktpersoner:", "en": "Registered EU contact persons:"},
    "contacts_none": {
        "sv": "Inga EU-kontaktpersoner är registrerade ännu. Fråga {region}{also}.",
        "en": "No EU contact persons are registered yet. Ask {region}{also}."},
    # --- terms ---
    "term_definition": {"sv": "{term}: {definition}", "en": "{term}: {definition}"},
    "term_definition_en": {"sv": "{term}: {definition} ({swedish})", "en": "{term}: {definition} (In Swedish: {swedish})"},
    # --- search fallback ---
    "passage": {"sv": "Enligt {document}, avsnittet «{title}»: {quote}",
                "en": "The strategy says (in Swedish; {document}, section “{title}”): {quote}"},
    "passage_two": {"sv": "Enligt {document}, avsnitten «{title}» och «{other}»: {quote}",
                    "en": "The strategy says (in Swedish; {document}, sections “{title}” and “{other}”): {quote}"},
    "holding": {"sv": "Strategin: «{quote}»", "en": "In Swedish, the strategy says: “{quote}”"},
    "older_document": {"sv": "Den äldre {document} säger: {answer}", "en": "The older {document} says: {answer}"},
    "passage_older": {"sv": "Den äldre {document} säger i avsnittet «{title}»: {quote}",
                      "en": "The older {document} says (section “{title}”): {quote}"},
    "passage_older_two": {"sv": "Den äldre {document} säger i avsnitten «{title}» och «{other}»: {quote}",
                          "en": "The older {document} says (sections “{title}” and “{other}”): {quote}"},
    # --- CLI ---
    "building_index": {"sv": "Bygger sökindex …"},
    "sources": {"sv": "Källor:", "en": "Sources:"},
    "closest": {"sv": "Närmaste avsnitt:", "en": "Closest sections:"},
    "and": {"sv": "och", "en": "and"},
    "or_also": {"sv": ", eller {names}", "en": ", or {names}"},
}


# Whose strategy it is: the content's own organisation (relation "self"), set for each answer by the
# engine, so that no message names a region in code.
_REGION: contextvars.ContextVar[str | None] = contextvars.ContextVar("region", default=None)
_NO_REGION = {"sv": "regionen", "en": "the region"}


@contextlib.contextmanager
def speaking_for(region: str | None) -> Iterator[None]:
    """Messages said inside name `region` ("Region Blekinge är medlem i …")."""
    token = _REGION.set(region)
    try:
        yield
    finally:
        _REGION.reset(token)


def say(key: str, lang: str = "sv", **fields: object) -> str:
    """The template `key` in `lang`, filled with `fields` (and the region the content is about)."""
    variants = T[key]
    return _fill(variants.get(lang, variants["sv"]), lang, fields)


def relation(kind: str, lang: str, name: str) -> str:
    """How the region relates to the organisation `name` ("member", "follows", …)."""
    return _fill(RELATIONS[kind][lang], lang, {"name": name})


def _fill(template: str, lang: str, fields: dict[str, object]) -> str:
    if "{region" in template:
        region = _REGION.get()
        fields = {"region": region or _NO_REGION.get(lang, _NO_REGION["sv"]),
                  "region_gen": owner(region or "", lang), **fields}
    return template.format(**fields)


def join(items: list[str], lang: str = "sv") -> str:
    """"a, b och c" / "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {T['and'][lang]} {items[-1]}"


def date(value: str, lang: str = "sv") -> str:
    """"2010-04-28" → "28 april 2010"; "2009-06" → "juni 2009"; "2012" → "2012". In English, the
    Swedish date follows where it reads otherwise: "13 March 2019 (13 mars 2019)", as the source says
    it (and as a reader searching the Swedish text finds it)."""
    said = _date(value, lang)
    swedish = _date(value, "sv")
    return said if said.lower() == swedish.lower() else f"{said} ({swedish})"


def _date(value: str, lang: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[lang][int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


# --- Slack ---
SLACK: dict[str, dict[str, str]] = {
    "apology": {"sv": "Förlåt, något gick fel när jag skulle svara. Försök igen om en stund.",
                "en": "Sorry, something went wrong while answering. Please try again in a moment."},
    "share": {"sv": "Dela i kanalen", "en": "Share in channel"},
    "shared_by": {"sv": "Delat av <@{user}>", "en": "Shared by <@{user}>"},
    "cannot_share": {"sv": "Jag kunde inte dela svaret i kanalen. Bjud in mig med `/invite @strategibot` och "
                           "tryck på Dela i kanalen igen, eller kopiera svaret.",
                     "en": "I could not share the answer in the channel. Invite me with `/invite @strategibot` "
                           "and press Share in channel again, or copy the answer."},
    "thumbs_up": {"sv": "👍 Bra svar", "en": "👍 Good answer"},
    "thumbs_down": {"sv": "👎 Fel eller otydligt", "en": "👎 Wrong or unclear"},
    "thanks": {"sv": "Tack för din återkoppling!", "en": "Thanks for your feedback!"},
    "thanks_down": {"sv": "Tack! Frågan går vidare till dem som uppdaterar innehållet.",
                    "en": "Thanks! The question goes to the people who maintain the content."},
    "sources": {"sv": "Källor", "en": "Sources"},
    "closest": {"sv": "Närmaste avsnitt", "en": "Closest sections"},
    "empty_command": {"sv": "Skriv en fråga efter /strategi, till exempel `/strategi När beslutar regionstyrelsen?` "
                            "— eller `/strategi hjälp`.",
                      "en": "Type a question after /strategi, e.g. `/strategi When does the regional board decide?`"},
    "help": {"sv": "*Jag svarar på frågor om {owner} strategidokument* ({documents}), med källa.\n"
                   "Fråga i ett DM, nämn mig i en kanal (@strategibot), eller skriv `/strategi FRÅGA` för ett privat "
                   "svar som du kan dela i kanalen. I en tråd där jag svarat kan du ställa följdfrågor "
                   "(“Vem leder det?”) genom att nämna mig.\n\n*Det här kan jag svara på, till exempel:*",
             "en": "*I answer questions about {owner} strategy documents* ({documents}), with sources.\n"
                   "DM me, mention me in a channel, or type `/strategi QUESTION`.\n\n*For example:*"},
    "help_report": {"sv": "Fick du ett fel svar? Tryck 👎 under svaret, så hamnar frågan hos dem som "
                          "uppdaterar innehållet.",
                    "en": "Got a wrong answer? Press 👎 under it and the question reaches the content editors."},
    "home_title": {"sv": "Strategibot", "en": "Strategibot"},
    "home_knows": {"sv": "*Vad jag kan:* {documents} dokument med {sections} avsnitt och {records} poster "
                         "(projekt, organisationer, tidplan, insatsområden, ordlista, FAQ). Indexet byggdes {built}.",
                   "en": "*What I know:* {documents} documents, {sections} sections and {records} records. "
                         "Index built {built}."},
    "home_documents": {"sv": "*Dokument:* {titles}", "en": "*Documents:* {titles}"},
    "home_examples": {"sv": "*Prova att fråga:*", "en": "*Try asking:*"},
    "not_admin": {"sv": "Bara administratörer kan göra det. Be {admins} om hjälp.",
                  "en": "Only administrators can do that. Ask {admins}."},
    "no_admins": {"sv": "ingen (STRATEGIBOT_ADMINS är inte satt)", "en": "nobody (STRATEGIBOT_ADMINS is not set)"},
    "reindex_started": {"sv": "Omindexering startad …", "en": "Reindex started …"},
    "reindex_ok": {"sv": "✅ Omindexeringen lyckades: {documents} dokument, {sections} avsnitt, {records} poster "
                         "({seconds} s).",
                   "en": "✅ Reindex done: {documents} documents, {sections} sections, {records} records ({seconds} s)."},
    "reindex_failed": {"sv": "❌ Omindexeringen stoppades, det gamla indexet fortsätter att svara. {reason}",
                       "en": "❌ Reindex refused; the old index keeps serving. {reason}"},
    "reindex_problems": {"sv": "{n} fel i innehållet (fil:rad: vad — hur det rättas):",
                         "en": "{n} problems in the content (file:line: what — how to fix):"},
    "reindex_busy": {"sv": "En annan omindexering pågår; försök igen om en stund.",
                     "en": "Another reindex is running; try again in a moment."},
    "reindex_error": {"sv": "Indexet kunde inte byggas; se loggen.", "en": "The index could not be built; see the log."},
    "busy": {"sv": "Just nu får jag fler frågor än jag hinner med. Försök igen om en minut, så svarar jag gärna!",
             "en": "I'm getting more questions than I can answer right now. Please try again in a minute!"},
    "status_damaged": {"sv": "⚠️ *Indexet {generation} är skadat* ({problem}). {serving}",
                       "en": "⚠️ *The index {generation} is damaged* ({problem}). {serving}"},
    "status_serving_previous": {"sv": "Den förra versionen, {previous}, svarar tills ett nytt index byggs "
                                      "(`/strategi reindex`).",
                                "en": "The previous generation, {previous}, answers until a new index is built."},
    "status_serving_none": {"sv": "Ingen tidigare version kan svara; bygg ett nytt index (`/strategi reindex`).",
                            "en": "No previous generation can answer; build a new index."},
    "status_feedback_failed": {"sv": "⚠️ *Återkopplingsloggen kunde inte skrivas* ({error}, {path}, senast {at}). "
                                     "Svaren går ut som vanligt, men röster och obesvarade frågor sparas inte.",
                               "en": "⚠️ *The feedback log could not be written* ({error}, {path}, last at {at}). "
                                     "Answers go out as usual, but votes and unanswered questions are not saved."},
    "watch_failed": {"sv": "❌ Innehållet ändrades men kunde inte indexeras; det gamla indexet fortsätter att svara.",
                     "en": "❌ The content changed but could not be indexed; the old index keeps serving."},
}

# Example questions shown in Slack's help and App Home, filled with names from the indexed content;
# an example whose names the content lacks is left out.
EXAMPLES = [
    "Vilka projekt tjänar insatsområde {area}?",
    "När beslutar {body}?",
    "Vem är lead partner för {led_project}?",
    "Vilka organisationer är {region} medlem i?",
    "Vad gör {office}?",
    "Vem är EU-kontaktperson i {municipality}?",
    "Which countries take part in {project_with_countries}?",
]


def examples(names: dict[str, str]) -> list[str]:
    """The example questions whose names `names` holds, filled in."""
    out = []
    for template in EXAMPLES:
        try:
            out.append(template.format(**names))
        except KeyError:
            continue
    return out


def owner(region: str, lang: str) -> str:
    """"Region Blekinges" / "Region Blekinge's"; without a region, "regionens" / "the region's"."""
    if not region:
        return "regionens" if lang == "sv" else "the region's"
    if lang == "en":
        return f"{region}'" if region.endswith("s") else f"{region}'s"
    return region if region[-1:] in "sxz" else f"{region}s"


def slack(key: str, lang: str = "sv", **fields: object) -> str:
    """A Slack-only sentence in `lang`."""
    variants = SLACK[key]
    return variants.get(lang, variants["sv"]).format(**fields)


# --- status: one renderer (bot/status.py) for the CLI (en) and Slack (sv) ---
STATUS: dict[str, dict[str, str]] = {
    "no_index": {"sv": "Det finns inget index ännu.", "en": "No index in {index}; run `strategibot index`."},
    "index": {"sv": "*Index:* {generation}", "en": "Index: {generation} in {index}"},
    "built": {"sv": "*Indexet byggdes:* {built}", "en": "Built: {built}"},
    "content": {"sv": "*Innehållsversion:* {fingerprint}{commit}", "en": "Content: {fingerprint}{commit}"},
    "counts": {"sv": "*Antal:* {documents} dokument, {sections} avsnitt, {records} poster",
               "en": "Counts: {documents} document(s), {sections} sections, {records} records"},
    "changed": {"sv": "*Ändrat i innehållet sedan dess:* {changed}", "en": "Changed since the build: {changed}"},
    "nothing": {"sv": "inget", "en": "nothing"},
    "last": {"sv": "*Senaste omindexering* ({at}): {result}", "en": "Last reindex ({at}): {result}"},
}


def status(key: str, lang: str = "sv", **fields: object) -> str:
    """A line of the status report in `lang`."""
    return STATUS[key][lang].format(**fields)
