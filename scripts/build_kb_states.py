"""Generate src/claimgraph/kb/data/states.json: every sovereign state, from pycountry plus curated tables.

    .venv/bin/python scripts/build_kb_states.py

pycountry (ISO 3166) gives codes and official names; the tables below add what ISO lacks: the short
name the news uses, Wikidata QIDs (only where certain: a wrong id is worse than none), demonyms,
capitals and government metonyms. Run it again after editing the tables; the JSON is committed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "kb" / "data" / "states.json"

# ISO entries that are territories or dependencies, not sovereign states.
NOT_SOVEREIGN = {
    "AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO", "GF",
    "GG", "GI", "GL", "GP", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS", "NC",
    "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF",
    "YT",
}

# alpha-2 -> (short name, QID, demonyms, capital, extra aliases, extra metonyms)
CURATED: dict[str, tuple[str, str | None, str, str, str, str]] = {
    "AF": ("Afghanistan", "Q889", "Afghan", "Kabul", "Islamic Emirate of Afghanistan", ""),
    "AL": ("Albania", "Q222", "Albanian", "Tirana", "", ""),
    "DZ": ("Algeria", "Q262", "Algerian", "Algiers", "", ""),
    "AO": ("Angola", "Q916", "Angolan", "Luanda", "", ""),
    "AR": ("Argentina", "Q414", "Argentine|Argentinian", "Buenos Aires", "", ""),
    "AM": ("Armenia", "Q399", "Armenian", "Yerevan", "", ""),
    "AU": ("Australia", "Q408", "Australian", "Canberra", "", ""),
    "AT": ("Austria", "Q40", "Austrian", "Vienna", "", ""),
    "AZ": ("Azerbaijan", "Q227", "Azerbaijani|Azeri", "Baku", "", ""),
    "BH": ("Bahrain", "Q398", "Bahraini", "Manama", "", ""),
    "BD": ("Bangladesh", "Q902", "Bangladeshi", "Dhaka", "", ""),
    "BY": ("Belarus", "Q184", "Belarusian", "Minsk", "", ""),
    "BE": ("Belgium", "Q31", "Belgian", "Brussels", "", ""),
    "BJ": ("Benin", "Q962", "Beninese", "Porto-Novo", "", ""),
    "BO": ("Bolivia", "Q750", "Bolivian", "Sucre", "", ""),
    "BA": ("Bosnia and Herzegovina", "Q225", "Bosnian", "Sarajevo", "Bosnia", ""),
    "BR": ("Brazil", "Q155", "Brazilian", "Brasilia", "", ""),
    "BG": ("Bulgaria", "Q219", "Bulgarian", "Sofia", "", ""),
    "BF": ("Burkina Faso", "Q965", "Burkinabe", "Ouagadougou", "", ""),
    "BI": ("Burundi", "Q967", "Burundian", "Gitega", "", ""),
    "KH": ("Cambodia", "Q424", "Cambodian", "Phnom Penh", "", ""),
    "CM": ("Cameroon", "Q1009", "Cameroonian", "Yaounde", "", ""),
    "CA": ("Canada", "Q16", "Canadian", "Ottawa", "", ""),
    "CF": ("Central African Republic", "Q929", "Central African", "Bangui", "CAR", ""),
    "TD": ("Chad", "Q657", "Chadian", "N'Djamena", "", ""),
    "CL": ("Chile", "Q298", "Chilean", "Santiago", "", ""),
    "CN": ("China", "Q148", "Chinese", "Beijing", "People's Republic of China|PRC|Chinese government", ""),
    "CO": ("Colombia", "Q739", "Colombian", "Bogota", "", ""),
    "CD": ("Democratic Republic of the Congo", "Q974", "", "Kinshasa", "DR Congo|DRC|Congo-Kinshasa", ""),
    "CG": ("Republic of the Congo", "Q971", "", "Brazzaville", "Congo-Brazzaville", ""),
    "HR": ("Croatia", "Q224", "Croatian", "Zagreb", "", ""),
    "CU": ("Cuba", "Q241", "Cuban", "Havana", "", ""),
    "CY": ("Cyprus", "Q229", "Cypriot", "Nicosia", "", ""),
    "CZ": ("Czech Republic", "Q213", "Czech", "Prague", "Czechia", ""),
    "DK": ("Denmark", "Q35", "Danish", "Copenhagen", "", ""),
    "DJ": ("Djibouti", "Q977", "Djiboutian", "", "", ""),
    "EC": ("Ecuador", "Q736", "Ecuadorian", "Quito", "", ""),
    "EG": ("Egypt", "Q79", "Egyptian", "Cairo", "", ""),
    "ER": ("Eritrea", "Q986", "Eritrean", "Asmara", "", ""),
    "EE": ("Estonia", "Q191", "Estonian", "Tallinn", "", ""),
    "ET": ("Ethiopia", "Q115", "Ethiopian", "Addis Ababa", "", ""),
    "FI": ("Finland", "Q33", "Finnish", "Helsinki", "", ""),
    "FR": ("France", "Q142", "French", "Paris", "French government", "Elysee|Élysée"),
    "GA": ("Gabon", "Q1000", "Gabonese", "Libreville", "", ""),
    "GE": ("Georgia", "Q230", "Georgian", "Tbilisi", "", ""),
    "DE": ("Germany", "Q183", "German", "Berlin", "German government", ""),
    "GH": ("Ghana", "Q117", "Ghanaian", "Accra", "", ""),
    "GR": ("Greece", "Q41", "Greek", "Athens", "", ""),
    "GN": ("Guinea", "Q1006", "Guinean", "Conakry", "", ""),
    "HT": ("Haiti", "Q790", "Haitian", "Port-au-Prince", "", ""),
    "HU": ("Hungary", "Q28", "Hungarian", "Budapest", "", ""),
    "IN": ("India", "Q668", "Indian", "New Delhi", "", ""),
    "ID": ("Indonesia", "Q252", "Indonesian", "Jakarta", "", ""),
    "IR": ("Iran", "Q794", "Iranian|Persian", "Tehran",
           "Islamic Republic|Islamic Republic of Iran|Iranian government|Iranian regime|regime in Tehran", ""),
    "IQ": ("Iraq", "Q796", "Iraqi", "Baghdad", "Iraqi government", ""),
    "IE": ("Ireland", "Q27", "Irish", "Dublin", "", ""),
    "IL": ("Israel", "Q801", "Israeli", "Jerusalem", "State of Israel|Israeli government", ""),
    "IT": ("Italy", "Q38", "Italian", "Rome", "", ""),
    "CI": ("Ivory Coast", "Q1008", "Ivorian", "Yamoussoukro", "Cote d'Ivoire|Côte d'Ivoire", "Abidjan"),
    "JP": ("Japan", "Q17", "Japanese", "Tokyo", "", ""),
    "JO": ("Jordan", "Q810", "Jordanian", "Amman", "", ""),
    "KZ": ("Kazakhstan", "Q232", "Kazakh", "Astana", "", ""),
    "KE": ("Kenya", "Q114", "Kenyan", "Nairobi", "", ""),
    "KW": ("Kuwait", "Q817", "Kuwaiti", "", "", ""),
    "KG": ("Kyrgyzstan", "Q813", "Kyrgyz", "Bishkek", "", ""),
    "LA": ("Laos", "Q819", "Lao|Laotian", "Vientiane", "", ""),
    "LV": ("Latvia", "Q211", "Latvian", "Riga", "", ""),
    "LB": ("Lebanon", "Q822", "Lebanese", "Beirut", "Lebanese government", ""),
    "LY": ("Libya", "Q1016", "Libyan", "Tripoli", "", ""),
    "LT": ("Lithuania", "Q37", "Lithuanian", "Vilnius", "", ""),
    "ML": ("Mali", "Q912", "Malian", "Bamako", "", ""),
    "MR": ("Mauritania", "Q1025", "Mauritanian", "Nouakchott", "", ""),
    "MX": ("Mexico", "Q96", "Mexican", "Mexico City", "", ""),
    "MD": ("Moldova", "Q217", "Moldovan", "Chisinau", "", ""),
    "MN": ("Mongolia", "Q711", "Mongolian", "Ulaanbaatar", "", ""),
    "MA": ("Morocco", "Q1028", "Moroccan", "Rabat", "", ""),
    "MZ": ("Mozambique", "Q1029", "Mozambican", "Maputo", "", ""),
    "MM": ("Myanmar", "Q836", "Burmese|Myanmar", "Naypyidaw", "Burma", ""),
    "NL": ("Netherlands", "Q55", "Dutch", "Amsterdam", "Holland", "The Hague"),
    "NZ": ("New Zealand", "Q664", "", "Wellington", "", ""),
    "NE": ("Niger", "Q1032", "Nigerien", "Niamey", "", ""),
    "NG": ("Nigeria", "Q1033", "Nigerian", "Abuja", "", ""),
    "KP": ("North Korea", "Q423", "North Korean", "Pyongyang", "DPRK|Democratic People's Republic of Korea", ""),
    "NO": ("Norway", "Q20", "Norwegian", "Oslo", "", ""),
    "OM": ("Oman", "Q842", "Omani", "Muscat", "", ""),
    "PK": ("Pakistan", "Q843", "Pakistani", "Islamabad", "", ""),
    "PS": ("Palestine", "Q219060", "Palestinian", "Ramallah", "State of Palestine|Palestinian Authority", ""),
    "PH": ("Philippines", "Q928", "Filipino|Philippine", "Manila", "", ""),
    "PL": ("Poland", "Q36", "Polish", "Warsaw", "", ""),
    "PT": ("Portugal", "Q45", "Portuguese", "Lisbon", "", ""),
    "QA": ("Qatar", "Q846", "Qatari", "Doha", "", ""),
    "RO": ("Romania", "Q218", "Romanian", "Bucharest", "", ""),
    "RU": ("Russia", "Q159", "Russian", "Moscow", "Russian Federation|Russian government", "Kremlin"),
    "RW": ("Rwanda", "Q1037", "Rwandan", "Kigali", "", ""),
    "SA": ("Saudi Arabia", "Q851", "Saudi", "Riyadh", "Kingdom of Saudi Arabia|KSA", ""),
    "SN": ("Senegal", "Q1041", "Senegalese", "Dakar", "", ""),
    "RS": ("Serbia", "Q403", "Serbian", "Belgrade", "", ""),
    "SK": ("Slovakia", "Q214", "Slovak", "Bratislava", "", ""),
    "SI": ("Slovenia", "Q215", "Slovenian", "Ljubljana", "", ""),
    "SO": ("Somalia", "Q1045", "Somali", "Mogadishu", "", ""),
    "ZA": ("South Africa", "Q258", "South African", "Pretoria", "", ""),
    "KR": ("South Korea", "Q884", "South Korean", "Seoul", "Republic of Korea|ROK", ""),
    "SS": ("South Sudan", "Q958", "South Sudanese", "Juba", "", ""),
    "ES": ("Spain", "Q29", "Spanish", "Madrid", "", ""),
    "LK": ("Sri Lanka", "Q854", "Sri Lankan", "Colombo", "", ""),
    "SD": ("Sudan", "Q1049", "Sudanese", "Khartoum", "", ""),
    "SE": ("Sweden", "Q34", "Swedish", "Stockholm", "", ""),
    "CH": ("Switzerland", "Q39", "Swiss", "Bern", "", ""),
    "SY": ("Syria", "Q858", "Syrian", "Damascus", "Syrian government|Syrian Arab Republic|Syrian regime", ""),
    "TW": ("Taiwan", "Q865", "Taiwanese", "Taipei", "Republic of China", ""),
    "TJ": ("Tajikistan", "Q863", "Tajik", "Dushanbe", "", ""),
    "TZ": ("Tanzania", "Q924", "Tanzanian", "Dodoma", "", ""),
    "TH": ("Thailand", "Q869", "Thai", "Bangkok", "", ""),
    "TN": ("Tunisia", "Q948", "Tunisian", "Tunis", "", ""),
    "TR": ("Turkey", "Q43", "Turkish", "Ankara", "Türkiye|Turkiye", ""),
    "TM": ("Turkmenistan", "Q874", "Turkmen", "Ashgabat", "", ""),
    "UG": ("Uganda", "Q1036", "Ugandan", "Kampala", "", ""),
    "UA": ("Ukraine", "Q212", "Ukrainian", "Kyiv", "Ukrainian government", "Kiev"),
    "AE": ("United Arab Emirates", "Q878", "Emirati", "Abu Dhabi", "UAE|U.A.E.|Emirates", ""),
    "GB": ("United Kingdom", "Q145", "British", "London", "UK|U.K.|Britain|Great Britain|British government",
           "Downing Street|Whitehall"),
    "US": ("United States", "Q30", "American|US", "Washington",
           "US|U.S.|USA|U.S.A.|America|United States of America|US government|American government", "White House"),
    "UZ": ("Uzbekistan", "Q265", "Uzbek", "Tashkent", "", ""),
    "VE": ("Venezuela", "Q717", "Venezuelan", "Caracas", "Venezuelan government", ""),
    "VN": ("Vietnam", "Q881", "Vietnamese", "Hanoi", "Viet Nam", ""),
    "YE": ("Yemen", "Q805", "Yemeni", "Sanaa", "", "Sana'a"),
    "ZM": ("Zambia", "Q953", "Zambian", "Lusaka", "", ""),
    "ZW": ("Zimbabwe", "Q954", "Zimbabwean", "Harare", "", ""),
    "MK": ("North Macedonia", "Q221", "Macedonian", "Skopje", "", ""),
    "ME": ("Montenegro", "Q236", "Montenegrin", "Podgorica", "", ""),
    "IS": ("Iceland", "Q189", "Icelandic", "Reykjavik", "", ""),
    "MY": ("Malaysia", "Q833", "Malaysian", "Kuala Lumpur", "", ""),
    "SG": ("Singapore", "Q334", "Singaporean", "", "", ""),
    "NP": ("Nepal", "Q837", "Nepali|Nepalese", "Kathmandu", "", ""),
    "PE": ("Peru", "Q419", "Peruvian", "Lima", "", ""),
    "NI": ("Nicaragua", "Q811", "Nicaraguan", "Managua", "", ""),
    "LR": ("Liberia", "Q1014", "Liberian", "Monrovia", "", ""),
    "SL": ("Sierra Leone", "Q1044", "Sierra Leonean", "Freetown", "", ""),
    "TG": ("Togo", "Q945", "Togolese", "Lome", "", ""),
    "VA": ("Vatican City", "Q237", "", "", "Holy See|Vatican", ""),
}
# Sovereign states ISO 3166 leaves out.
EXTRA = [{"id": "xk", "name": "Kosovo", "kind": "state", "qid": "Q1246", "aliases": ["Republic of Kosovo"],
          "demonyms": ["Kosovar"], "metonyms": ["Pristina"], "facts": {"capital": "Pristina"}}]


def main() -> None:
    entries = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in NOT_SOVEREIGN:
            continue
        iso_names = {country.name, getattr(country, "official_name", country.name),
                     getattr(country, "common_name", country.name)}
        short, qid, demonyms, capital, aliases, metonyms = CURATED.get(
            code, (getattr(country, "common_name", country.name), None, "", "", "", ""))
        names = [n for n in sorted(iso_names | set(filter(None, aliases.split("|")))) if n != short and "," not in n]
        entry = {"id": code.lower(), "name": short, "kind": "state", "qid": qid, "aliases": names,
                 "demonyms": [d for d in demonyms.split("|") if d],
                 "metonyms": [m for m in [capital, *metonyms.split("|")] if m],
                 "facts": {"iso2": code, "iso3": country.alpha_3, **({"capital": capital} if capital else {})}}
        entries.append(entry)
    entries.extend(EXTRA)
    entries.sort(key=lambda e: e["name"])
    OUT.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} states written to {OUT}")


if __name__ == "__main__":
    main()
