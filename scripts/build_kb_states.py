"""Generate src/claimgraph/data/kb/states.json: every sovereign state, from pycountry plus curated tables.

    .venv/bin/python scripts/build_kb_states.py

pycountry (ISO 3166, pinned in the dev extras) gives the codes and the official names; the table below
adds what ISO lacks: the short name the news uses, Wikidata QIDs (only where certain: a wrong id is worse
than none), demonyms, capitals, extra aliases and government metonyms ("the Kremlin", "Tehran" acting
as a government). Edit the table and run the script again; the JSON it writes is committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "kb" / "states.json"

# ISO 3166-1 entries that are territories or dependencies, not sovereign states.
NOT_SOVEREIGN = {
    "AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO", "GF",
    "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS",
    "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI",
    "WF", "YT",
}

# alpha-2 -> (short name, QID, demonyms, capital, extra aliases, metonyms besides the capital).
# Lists inside a cell are "|"-separated. A capital that mostly names something else in the news
# (Brussels: the EU) is listed as a fact, not as a metonym: see NOT_METONYM.
CURATED: dict[str, tuple[str, str | None, str, str, str, str]] = {
    "AF": ("Afghanistan", "Q889", "Afghan", "Kabul", "Islamic Emirate of Afghanistan|Islamic Emirate", ""),
    "AL": ("Albania", "Q222", "Albanian", "Tirana", "", ""),
    "DZ": ("Algeria", "Q262", "Algerian", "Algiers", "", ""),
    "AD": ("Andorra", "Q228", "Andorran", "Andorra la Vella", "", ""),
    "AO": ("Angola", "Q916", "Angolan", "Luanda", "", ""),
    "AG": ("Antigua and Barbuda", "Q781", "Antiguan", "St. John's", "Antigua", ""),
    "AR": ("Argentina", "Q414", "Argentine|Argentinian", "Buenos Aires", "Argentine Republic", "Casa Rosada"),
    "AM": ("Armenia", "Q399", "Armenian", "Yerevan", "", ""),
    "AU": ("Australia", "Q408", "Australian", "Canberra", "Commonwealth of Australia", ""),
    "AT": ("Austria", "Q40", "Austrian", "Vienna", "", ""),
    "AZ": ("Azerbaijan", "Q227", "Azerbaijani|Azeri", "Baku", "", ""),
    "BS": ("Bahamas", "Q778", "Bahamian", "Nassau", "The Bahamas", ""),
    "BH": ("Bahrain", "Q398", "Bahraini", "Manama", "Kingdom of Bahrain", ""),
    "BD": ("Bangladesh", "Q902", "Bangladeshi", "Dhaka", "", ""),
    "BB": ("Barbados", "Q244", "Barbadian|Bajan", "Bridgetown", "", ""),
    "BY": ("Belarus", "Q184", "Belarusian|Belarussian", "Minsk", "Byelorussia", ""),
    "BE": ("Belgium", "Q31", "Belgian", "Brussels", "Kingdom of Belgium", ""),
    "BZ": ("Belize", "Q242", "Belizean", "Belmopan", "", ""),
    "BJ": ("Benin", "Q962", "Beninese", "Porto-Novo", "", "Cotonou"),
    "BT": ("Bhutan", "Q917", "Bhutanese", "Thimphu", "", ""),
    "BO": ("Bolivia", "Q750", "Bolivian", "Sucre", "", "La Paz"),
    "BA": ("Bosnia and Herzegovina", "Q225", "Bosnian", "Sarajevo", "Bosnia|Bosnia-Herzegovina|BiH", ""),
    "BW": ("Botswana", "Q963", "Botswanan|Motswana", "Gaborone", "", ""),
    "BR": ("Brazil", "Q155", "Brazilian", "Brasilia", "Federative Republic of Brazil", "Brasília|Planalto"),
    "BN": ("Brunei", "Q921", "Bruneian", "Bandar Seri Begawan", "", ""),
    "BG": ("Bulgaria", "Q219", "Bulgarian", "Sofia", "", ""),
    "BF": ("Burkina Faso", "Q965", "Burkinabe|Burkinabè", "Ouagadougou", "Burkina", ""),
    "BI": ("Burundi", "Q967", "Burundian", "Gitega", "", "Bujumbura"),
    "CV": ("Cape Verde", "Q1011", "Cape Verdean|Cabo Verdean", "Praia", "Cabo Verde", ""),
    "KH": ("Cambodia", "Q424", "Cambodian|Khmer", "Phnom Penh", "Kingdom of Cambodia", ""),
    "CM": ("Cameroon", "Q1009", "Cameroonian", "Yaounde", "", "Yaoundé"),
    "CA": ("Canada", "Q16", "Canadian", "Ottawa", "Canadian government", ""),
    "CF": ("Central African Republic", "Q929", "Central African", "Bangui", "CAR", ""),
    "TD": ("Chad", "Q657", "Chadian", "N'Djamena", "", ""),
    "CL": ("Chile", "Q298", "Chilean", "Santiago", "", ""),
    "CN": ("China", "Q148", "Chinese", "Beijing", "People's Republic of China|PRC|P.R.C.|Chinese government|"
           "mainland China|Communist China", "Zhongnanhai|Peking"),
    "CO": ("Colombia", "Q739", "Colombian", "Bogota", "", "Bogotá"),
    "KM": ("Comoros", "Q970", "Comorian", "Moroni", "", ""),
    "CD": ("Democratic Republic of the Congo", "Q974", "Congolese", "Kinshasa",
           "DR Congo|DRC|D.R.C.|Congo-Kinshasa|Democratic Republic of Congo|DR of Congo", ""),
    "CG": ("Republic of the Congo", "Q971", "", "Brazzaville", "Congo-Brazzaville|Republic of Congo", ""),
    "CR": ("Costa Rica", "Q800", "Costa Rican", "San Jose", "", ""),
    "CI": ("Ivory Coast", "Q1008", "Ivorian", "Yamoussoukro", "Cote d'Ivoire|Côte d'Ivoire", "Abidjan"),
    "HR": ("Croatia", "Q224", "Croatian|Croat", "Zagreb", "", ""),
    "CU": ("Cuba", "Q241", "Cuban", "Havana", "", ""),
    "CY": ("Cyprus", "Q229", "Cypriot", "Nicosia", "", ""),
    "CZ": ("Czech Republic", "Q213", "Czech", "Prague", "Czechia", ""),
    "DK": ("Denmark", "Q35", "Danish|Dane", "Copenhagen", "Kingdom of Denmark", ""),
    "DJ": ("Djibouti", "Q977", "Djiboutian", "Djibouti City", "", ""),
    "DM": ("Dominica", "Q784", "Dominican", "Roseau", "", ""),
    "DO": ("Dominican Republic", "Q786", "", "Santo Domingo", "", ""),
    "EC": ("Ecuador", "Q736", "Ecuadorian|Ecuadorean", "Quito", "", ""),
    "EG": ("Egypt", "Q79", "Egyptian", "Cairo", "Egyptian government|Arab Republic of Egypt", ""),
    "SV": ("El Salvador", "Q792", "Salvadoran|Salvadorean", "San Salvador", "", ""),
    "GQ": ("Equatorial Guinea", "Q983", "Equatoguinean|Equatorial Guinean", "Malabo", "", ""),
    "ER": ("Eritrea", "Q986", "Eritrean", "Asmara", "", ""),
    "EE": ("Estonia", "Q191", "Estonian", "Tallinn", "", ""),
    "SZ": ("Eswatini", "Q1050", "Swazi|Liswati", "Mbabane", "Swaziland", ""),
    "ET": ("Ethiopia", "Q115", "Ethiopian", "Addis Ababa", "", ""),
    "FJ": ("Fiji", "Q712", "Fijian", "Suva", "", ""),
    "FI": ("Finland", "Q33", "Finnish|Finn", "Helsinki", "", ""),
    "FR": ("France", "Q142", "French", "Paris", "French government|French Republic",
           "Elysee|Élysée|Quai d'Orsay"),
    "GA": ("Gabon", "Q1000", "Gabonese", "Libreville", "Gabonese Republic", ""),
    "GM": ("Gambia", "Q1005", "Gambian", "Banjul", "The Gambia", ""),
    "GE": ("Georgia", "Q230", "Georgian", "Tbilisi", "", ""),
    "DE": ("Germany", "Q183", "German", "Berlin", "German government|Federal Republic of Germany|FRG", ""),
    "GH": ("Ghana", "Q117", "Ghanaian", "Accra", "", ""),
    "GR": ("Greece", "Q41", "Greek", "Athens", "Hellenic Republic", ""),
    "GD": ("Grenada", "Q769", "Grenadian", "St. George's", "", ""),
    "GT": ("Guatemala", "Q774", "Guatemalan", "Guatemala City", "", ""),
    "GN": ("Guinea", "Q1006", "Guinean", "Conakry", "Guinea-Conakry", ""),
    "GW": ("Guinea-Bissau", "Q1007", "Bissau-Guinean", "Bissau", "", ""),
    "GY": ("Guyana", "Q734", "Guyanese", "Georgetown", "", ""),
    "HT": ("Haiti", "Q790", "Haitian", "Port-au-Prince", "", ""),
    "VA": ("Vatican City", "Q237", "", "Vatican City", "Holy See|Vatican|Vatican City State", ""),
    "HN": ("Honduras", "Q783", "Honduran", "Tegucigalpa", "", ""),
    "HU": ("Hungary", "Q28", "Hungarian", "Budapest", "", ""),
    "IS": ("Iceland", "Q189", "Icelandic|Icelander", "Reykjavik", "", "Reykjavík"),
    "IN": ("India", "Q668", "Indian", "New Delhi", "Republic of India|Indian government|Bharat", ""),
    "ID": ("Indonesia", "Q252", "Indonesian", "Jakarta", "", ""),
    "IR": ("Iran", "Q794", "Iranian|Persian", "Tehran",
           "Islamic Republic|Islamic Republic of Iran|Iranian government|Iranian regime|Persia|IRI",
           "Teheran"),
    "IQ": ("Iraq", "Q796", "Iraqi", "Baghdad",
           "Iraqi government|Republic of Iraq|Federal Government of Iraq", ""),
    "IE": ("Ireland", "Q27", "Irish", "Dublin", "Republic of Ireland", ""),
    "IL": ("Israel", "Q801", "Israeli", "Jerusalem", "State of Israel|Israeli government",
           "Tel Aviv"),
    "IT": ("Italy", "Q38", "Italian", "Rome", "Italian Republic|Italian government", ""),
    "JM": ("Jamaica", "Q766", "Jamaican", "Kingston", "", ""),
    "JP": ("Japan", "Q17", "Japanese", "Tokyo", "Japanese government", ""),
    "JO": ("Jordan", "Q810", "Jordanian", "Amman", "Hashemite Kingdom of Jordan", ""),
    "KZ": ("Kazakhstan", "Q232", "Kazakh|Kazakhstani", "Astana", "", "Nur-Sultan|Almaty"),
    "KE": ("Kenya", "Q114", "Kenyan", "Nairobi", "", ""),
    "KI": ("Kiribati", "Q710", "I-Kiribati", "Tarawa", "", ""),
    "KP": ("North Korea", "Q423", "North Korean", "Pyongyang",
           "DPRK|D.P.R.K.|Democratic People's Republic of Korea|N. Korea|N Korea", ""),
    "KR": ("South Korea", "Q884", "South Korean", "Seoul", "Republic of Korea|ROK|R.O.K.|S. Korea", ""),
    "KW": ("Kuwait", "Q817", "Kuwaiti", "Kuwait City", "State of Kuwait", ""),
    "KG": ("Kyrgyzstan", "Q813", "Kyrgyz|Kyrgyzstani", "Bishkek", "Kyrgyz Republic|Kirghizia", ""),
    "LA": ("Laos", "Q819", "Lao|Laotian", "Vientiane", "Lao PDR|Lao People's Democratic Republic", ""),
    "LV": ("Latvia", "Q211", "Latvian", "Riga", "", ""),
    "LB": ("Lebanon", "Q822", "Lebanese", "Beirut", "Lebanese government|Lebanese Republic", ""),
    "LS": ("Lesotho", "Q1013", "Basotho|Mosotho", "Maseru", "", ""),
    "LR": ("Liberia", "Q1014", "Liberian", "Monrovia", "", ""),
    "LY": ("Libya", "Q1016", "Libyan", "Tripoli", "State of Libya", ""),
    "LI": ("Liechtenstein", "Q347", "Liechtensteiner", "Vaduz", "", ""),
    "LT": ("Lithuania", "Q37", "Lithuanian", "Vilnius", "", ""),
    "LU": ("Luxembourg", "Q32", "Luxembourgish|Luxembourger", "Luxembourg City", "", ""),
    "MG": ("Madagascar", "Q1019", "Malagasy", "Antananarivo", "", ""),
    "MW": ("Malawi", "Q1020", "Malawian", "Lilongwe", "", ""),
    "MY": ("Malaysia", "Q833", "Malaysian", "Kuala Lumpur", "", "Putrajaya"),
    "MV": ("Maldives", "Q826", "Maldivian", "Male", "", ""),
    "ML": ("Mali", "Q912", "Malian", "Bamako", "", ""),
    "MT": ("Malta", "Q233", "Maltese", "Valletta", "", ""),
    "MH": ("Marshall Islands", "Q709", "Marshallese", "Majuro", "", ""),
    "MR": ("Mauritania", "Q1025", "Mauritanian", "Nouakchott", "", ""),
    "MU": ("Mauritius", "Q1027", "Mauritian", "Port Louis", "", ""),
    "MX": ("Mexico", "Q96", "Mexican", "Mexico City", "United Mexican States|Mexican government", ""),
    "FM": ("Micronesia", "Q702", "Micronesian", "Palikir", "", ""),
    "MD": ("Moldova", "Q217", "Moldovan", "Chisinau", "Republic of Moldova", "Chișinău"),
    "MC": ("Monaco", "Q235", "Monegasque", "Monaco", "", ""),
    "MN": ("Mongolia", "Q711", "Mongolian", "Ulaanbaatar", "", "Ulan Bator"),
    "ME": ("Montenegro", "Q236", "Montenegrin", "Podgorica", "", ""),
    "MA": ("Morocco", "Q1028", "Moroccan", "Rabat", "Kingdom of Morocco", ""),
    "MZ": ("Mozambique", "Q1029", "Mozambican", "Maputo", "", ""),
    "MM": ("Myanmar", "Q836", "Burmese", "Naypyidaw", "Burma|Myanmar junta", "Nay Pyi Taw"),
    "NA": ("Namibia", "Q1030", "Namibian", "Windhoek", "", ""),
    "NR": ("Nauru", "Q697", "Nauruan", "Yaren", "", ""),
    "NP": ("Nepal", "Q837", "Nepali|Nepalese", "Kathmandu", "", ""),
    "NL": ("Netherlands", "Q55", "Dutch", "Amsterdam", "Holland|Dutch government", "The Hague"),
    "NZ": ("New Zealand", "Q664", "New Zealander|Kiwi", "Wellington", "", ""),
    "NI": ("Nicaragua", "Q811", "Nicaraguan", "Managua", "", ""),
    "NE": ("Niger", "Q1032", "Nigerien", "Niamey", "Republic of Niger", ""),
    "NG": ("Nigeria", "Q1033", "Nigerian", "Abuja", "Federal Republic of Nigeria", ""),
    "MK": ("North Macedonia", "Q221", "Macedonian|North Macedonian", "Skopje", "Macedonia", ""),
    "NO": ("Norway", "Q20", "Norwegian", "Oslo", "", ""),
    "OM": ("Oman", "Q842", "Omani", "Muscat", "Sultanate of Oman", ""),
    "PK": ("Pakistan", "Q843", "Pakistani", "Islamabad", "Islamic Republic of Pakistan|Pakistani government",
           "Rawalpindi"),
    "PW": ("Palau", "Q695", "Palauan", "Ngerulmud", "", ""),
    "PS": ("Palestine", "Q219060", "Palestinian", "Ramallah", "State of Palestine|Palestinian territories|"
           "Occupied Palestinian Territories", ""),
    "PA": ("Panama", "Q804", "Panamanian", "Panama City", "", ""),
    "PG": ("Papua New Guinea", "Q691", "Papua New Guinean", "Port Moresby", "PNG", ""),
    "PY": ("Paraguay", "Q733", "Paraguayan", "Asuncion", "", "Asunción"),
    "PE": ("Peru", "Q419", "Peruvian", "Lima", "", ""),
    "PH": ("Philippines", "Q928", "Filipino|Philippine", "Manila", "the Philippines",
           "Malacanang|Malacañang"),
    "PL": ("Poland", "Q36", "Polish|Pole", "Warsaw", "Polish government", ""),
    "PT": ("Portugal", "Q45", "Portuguese", "Lisbon", "Portuguese Republic", ""),
    "QA": ("Qatar", "Q846", "Qatari", "Doha", "State of Qatar", ""),
    "RO": ("Romania", "Q218", "Romanian", "Bucharest", "", ""),
    "RU": ("Russia", "Q159", "Russian", "Moscow", "Russian Federation|Russian government|Russian regime",
           "Kremlin"),
    "RW": ("Rwanda", "Q1037", "Rwandan", "Kigali", "", ""),
    "KN": ("Saint Kitts and Nevis", "Q763", "Kittitian", "Basseterre",
           "St. Kitts and Nevis|St Kitts and Nevis",
           ""),
    "LC": ("Saint Lucia", "Q760", "Saint Lucian", "Castries", "St. Lucia|St Lucia", ""),
    "VC": ("Saint Vincent and the Grenadines", "Q757", "Vincentian", "Kingstown",
           "St. Vincent and the Grenadines|St Vincent and the Grenadines", ""),
    "WS": ("Samoa", "Q683", "Samoan", "Apia", "", ""),
    "SM": ("San Marino", "Q238", "Sammarinese", "San Marino", "", ""),
    "ST": ("Sao Tome and Principe", "Q1039", "Santomean", "Sao Tome", "São Tomé and Príncipe", ""),
    "SA": ("Saudi Arabia", "Q851", "Saudi|Saudi Arabian", "Riyadh",
           "Kingdom of Saudi Arabia|KSA|Saudi government",
           ""),
    "SN": ("Senegal", "Q1041", "Senegalese", "Dakar", "", ""),
    "RS": ("Serbia", "Q403", "Serbian|Serb", "Belgrade", "", ""),
    "SC": ("Seychelles", "Q1042", "Seychellois", "Victoria", "", ""),
    "SL": ("Sierra Leone", "Q1044", "Sierra Leonean", "Freetown", "", ""),
    "SG": ("Singapore", "Q334", "Singaporean", "Singapore", "", ""),
    "SK": ("Slovakia", "Q214", "Slovak", "Bratislava", "Slovak Republic", ""),
    "SI": ("Slovenia", "Q215", "Slovenian|Slovene", "Ljubljana", "", ""),
    "SB": ("Solomon Islands", "Q685", "Solomon Islander", "Honiara", "", ""),
    "SO": ("Somalia", "Q1045", "Somali", "Mogadishu", "Federal Republic of Somalia", ""),
    "ZA": ("South Africa", "Q258", "South African", "Pretoria", "", ""),
    "SS": ("South Sudan", "Q958", "South Sudanese", "Juba", "", ""),
    "ES": ("Spain", "Q29", "Spanish|Spaniard", "Madrid", "Kingdom of Spain|Spanish government", "Moncloa"),
    "LK": ("Sri Lanka", "Q854", "Sri Lankan", "Sri Jayawardenepura Kotte", "", "Colombo"),
    "SD": ("Sudan", "Q1049", "Sudanese", "Khartoum", "Republic of the Sudan|Sudanese government",
           "Port Sudan"),
    "SR": ("Suriname", "Q730", "Surinamese", "Paramaribo", "", ""),
    "SE": ("Sweden", "Q34", "Swedish|Swede", "Stockholm", "", ""),
    "CH": ("Switzerland", "Q39", "Swiss", "Bern", "Swiss Confederation", ""),
    "SY": ("Syria", "Q858", "Syrian", "Damascus", "Syrian government|Syrian Arab Republic|Syrian regime|"
           "Assad regime|Syrian Arab Republic government", ""),
    "TW": ("Taiwan", "Q865", "Taiwanese", "Taipei", "Republic of China|ROC", ""),
    "TJ": ("Tajikistan", "Q863", "Tajik|Tajikistani", "Dushanbe", "", ""),
    "TZ": ("Tanzania", "Q924", "Tanzanian", "Dodoma", "United Republic of Tanzania", "Dar es Salaam"),
    "TH": ("Thailand", "Q869", "Thai", "Bangkok", "Kingdom of Thailand", ""),
    "TL": ("East Timor", "Q574", "Timorese", "Dili", "Timor-Leste", ""),
    "TG": ("Togo", "Q945", "Togolese", "Lome", "Togolese Republic", "Lomé"),
    "TO": ("Tonga", "Q678", "Tongan", "Nuku'alofa", "", ""),
    "TT": ("Trinidad and Tobago", "Q754", "Trinidadian", "Port of Spain", "Trinidad", ""),
    "TN": ("Tunisia", "Q948", "Tunisian", "Tunis", "", ""),
    "TR": ("Turkey", "Q43", "Turkish", "Ankara",
           "Türkiye|Turkiye|Republic of Türkiye|Turkish government", ""),
    "TM": ("Turkmenistan", "Q874", "Turkmen", "Ashgabat", "", ""),
    "TV": ("Tuvalu", "Q672", "Tuvaluan", "Funafuti", "", ""),
    "UG": ("Uganda", "Q1036", "Ugandan", "Kampala", "", ""),
    "UA": ("Ukraine", "Q212", "Ukrainian", "Kyiv", "Ukrainian government|the Ukraine", "Kiev|Bankova"),
    "AE": ("United Arab Emirates", "Q878", "Emirati", "Abu Dhabi",
           "UAE|U.A.E.|Emirates|Emirati government", ""),
    "GB": ("United Kingdom", "Q145", "British|Briton", "London",
           "UK|U.K.|Britain|Great Britain|British government|"
           "United Kingdom of Great Britain and Northern Ireland",
           "Downing Street|Whitehall|Number 10|No 10"),
    "US": ("United States", "Q30", "American|US|U.S.", "Washington",
           "US|U.S.|USA|U.S.A.|America|United States of America|US government|U.S. government|"
           "American government|Biden administration|Trump administration|Obama administration",
           "White House"),
    "UY": ("Uruguay", "Q77", "Uruguayan", "Montevideo", "", ""),
    "UZ": ("Uzbekistan", "Q265", "Uzbek|Uzbekistani", "Tashkent", "", ""),
    "VU": ("Vanuatu", "Q686", "Ni-Vanuatu", "Port Vila", "", ""),
    "VE": ("Venezuela", "Q717", "Venezuelan", "Caracas",
           "Venezuelan government|Bolivarian Republic of Venezuela",
           "Miraflores"),
    "VN": ("Vietnam", "Q881", "Vietnamese", "Hanoi", "Viet Nam|Socialist Republic of Vietnam", ""),
    "YE": ("Yemen", "Q805", "Yemeni", "Sanaa", "Republic of Yemen|Yemeni government", "Sana'a|Aden"),
    "ZM": ("Zambia", "Q953", "Zambian", "Lusaka", "", ""),
    "ZW": ("Zimbabwe", "Q954", "Zimbabwean", "Harare", "", ""),
}

# Capitals that mostly stand for something other than the state's government in the news.
NOT_METONYM = {"Brussels", "Washington, D.C.", "Geneva", "Luxembourg City", "Monaco", "San Marino",
               "Singapore", "Vatican City", "Victoria", "Kingston", "Georgetown", "Santiago", "Tripoli",
               "Amsterdam", "St. John's", "St. George's"}
# Sovereign (or widely recognised de facto) states ISO 3166 leaves out.
EXTRA = [{"id": "xk", "name": "Kosovo", "kind": "state", "qid": "Q1246", "aliases": ["Republic of Kosovo"],
          "demonyms": ["Kosovar", "Kosovan"], "metonyms": ["Pristina"],
          "iso2": "XK", "iso3": "XKX", "capital": "Pristina"}]


def _split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def main() -> int:
    entries = []
    missing = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in NOT_SOVEREIGN:
            continue
        if code not in CURATED:
            missing.append(f"{code} {country.name}")
            continue
        short, qid, demonyms, capital, aliases, metonyms = CURATED[code]
        iso_names = {country.name, getattr(country, "official_name", country.name),
                     getattr(country, "common_name", country.name)}
        names = [n for n in dict.fromkeys([*_split(aliases), *sorted(iso_names)])
                 if n != short and "," not in n]
        seats = [m for m in [capital, *_split(metonyms)] if m and m not in NOT_METONYM]
        entries.append({"id": code.lower(), "name": short, "kind": "state", "qid": qid, "aliases": names,
                        "demonyms": _split(demonyms), "metonyms": seats,
                        "iso2": code, "iso3": country.alpha_3, "capital": capital})
    if missing:
        print("no curated row for: " + "; ".join(missing), file=sys.stderr)
        return 1
    entries.extend(EXTRA)
    entries.sort(key=lambda e: e["name"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} states written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
