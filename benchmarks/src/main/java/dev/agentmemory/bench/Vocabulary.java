package dev.agentmemory.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The words and templates {@link Sentences} combines: things users tell an assistant about
 * themselves (preferences, facts, events, observations, instructions). A slot {@code {name}} takes a
 * word of vocabulary {@code name}; {@code {name2}} takes another word of the same vocabulary. A
 * vocabulary is a comma-separated list, or a range {@code from..to} of whole numbers.
 */
final class Vocabulary {

    private Vocabulary() {}

    /** One template a line: {@code type | text}; every memory type appears. */
    private static final String TEMPLATE_LINES = """
            preference | {name} prefers {food} with {drink} for dinner and avoids anything with {ingredient} in it
            preference | I like to {activity} in {city} on {weekday} mornings, ideally for about {n} minutes
            preference | Please share {topic} files through {tool} rather than {tool2} and keep at most {n} per folder
            fact | My {relative} {name} lives in {city} and has worked as {job} for {years} years
            fact | {name} was born in {month} {year} in {city} and speaks {language} at home
            fact | Our {topic} project has a budget of {n} thousand euros and is due on the {day} of {month}
            event | Booked a {nights}-night stay in {city} with {name} for the {gathering} starting on {weekday} the {day} of {month}
            event | Had a call with {name} from {company} about {topic} that lasted {n} minutes
            event | Finished reading {book} on the train to {city} after {n} days and rated it {stars} out of 5
            observation | User seemed {mood} while discussing {topic} and asked {few} follow-up questions about {topic2}
            observation | {name} usually replies within {n} minutes on {weekday}s but takes longer when travelling to {city}
            observation | The user mentioned having {pets} {pet}s and walks them near the {place} in {city} every {weekday} evening
            instruction | Always answer in {language}, keep {topic} answers under {words}0 words and cite {source}
            instruction | Remind me to call {name} about the {topic} report every {weekday} at {hour}:{minute}0
            instruction | Never schedule meetings with {name} before {hour} am or after {hour2} pm on {weekday}s at the {city} office
            """;

    /** One vocabulary a line: {@code name: words}. */
    private static final String WORD_LINES = """
            name: Alice, Bruno, Chen, Dana, Elif, Farid, Greta, Hugo, Ines, Jonas, Kofi, Lena, Mateo, Nadia, Omar, \
            Priya, Quentin, Rosa, Sven, Tara, Umar, Vera, Wen, Ximena, Yusuf, Zoe, Amara, Bilal, Carmen, Dmitri, \
            Esme, Felix, Gianna, Hiro, Ingrid, Jamal, Keiko, Lars, Mira, Noah
            city: Lisbon, Oslo, Nairobi, Kyoto, Montreal, Lima, Krakow, Tbilisi, Hanoi, Porto, Seville, Dublin, Ghent, \
            Leipzig, Bergen, Tallinn, Valencia, Bologna, Zagreb, Marseille, Edinburgh, Cork, Lyon, Turin, Riga, \
            Vilnius, Bilbao, Graz, Utrecht, Aarhus, Trieste, Bordeaux, Cusco, Oaxaca, Quito, Busan, Osaka, Perth, \
            Hobart, Dunedin
            food: ramen, paella, dal, pho, risotto, tacos, bibimbap, shakshuka, pierogi, falafel, lasagne, sushi, \
            goulash, curry, gnocchi, ceviche, moussaka, laksa, polenta, tagine, jollof rice, pad thai, borscht, \
            empanadas, arepas, dumplings, biryani, couscous, miso soup, fish pie, lentil stew, grilled halloumi, \
            mushroom pasta, tofu stir-fry, chili, okonomiyaki, ratatouille, poke bowls, carbonara, feijoada
            drink: green tea, sparkling water, red wine, oat milk coffee, kombucha, lemonade, mint tea, espresso, \
            cider, ginger beer, chai, apple juice, white wine, iced coffee, hot chocolate, lager, rooibos, matcha, \
            tomato juice, coconut water
            ingredient: peanuts, coriander, mushrooms, olives, anchovies, blue cheese, raw onion, shellfish, gluten, \
            dairy, eggs, sesame, chili flakes, celery, aubergine, capers, liver, beetroot, fennel, pork, tofu, \
            coconut, walnuts, raisins, mayonnaise
            activity: run, swim, cycle, do yoga, climb, row, paint, sketch, read, journal, hike, meditate, \
            play tennis, skate, walk the dog, practise piano, bake bread, stretch, garden, play chess, take photos, \
            kayak, box, dance, lift weights, surf, birdwatch, write poetry, study Spanish, play football
            weekday: Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday
            month: January, February, March, April, May, June, July, August, September, October, November, December
            job: a nurse, a carpenter, a data engineer, a pilot, a teacher, an architect, a pharmacist, a chef, \
            a journalist, an electrician, a translator, a dentist, a park ranger, an accountant, a firefighter, \
            a veterinarian, a librarian, a sound engineer, a geologist, a baker, a lawyer, a midwife, a welder, \
            a product designer, a marine biologist, a physiotherapist, a bus driver, a florist, a historian, a surveyor
            relative: sister, brother, mother, father, aunt, uncle, cousin, grandmother, grandfather, niece, nephew, partner
            language: Portuguese, Norwegian, Swahili, Japanese, French, Spanish, Polish, Georgian, Vietnamese, \
            German, Dutch, Italian, Croatian, Estonian, Korean
            topic: budget, hiring, onboarding, security audit, marketing, quarterly planning, data migration, \
            customer support, pricing, release, compliance, design system, search ranking, mobile app, billing, \
            analytics, accessibility, infrastructure, vendor contract, performance review, travel policy, office move, \
            sustainability, partnership, roadmap, incident review, localisation, API redesign, training, recruiting, \
            warehouse, logistics, research grant, conference, newsletter, podcast, fundraising, user interviews, \
            documentation, pilot program
            tool: Dropbox, Google Drive, OneDrive, Notion, Confluence, Slack, email, SharePoint, Box, GitHub, GitLab, \
            Jira, Trello, Asana, Figma, Miro, Airtable, Coda, Basecamp, Teams, Nextcloud, iCloud, WeTransfer, Zoom, \
            Loom, Obsidian, Evernote, Linear, ClickUp, Quip
            gathering: wedding, conference, marathon, book fair, film festival, family reunion, jazz festival, \
            trade show, hackathon, graduation, retreat, workshop, concert, birthday party, chess tournament, \
            food festival, art biennale, summit, regatta, design week
            company: Northwind, Acme, Globex, Initech, Umbrella Health, Stark Logistics, Wayne Foods, Hooli, \
            Vandelay Imports, Soylent, Tyrell Energy, Cyberdyne, Gringotts Bank, Aperture Labs, Monarch Travel, \
            Oscorp, Wonka Sweets, Pied Piper, Dunder Paper, Bluth Homes, Prestige Worldwide, Massive Dynamic, \
            Blue Sun, Virtucon, Oceanic Air, Sterling Cooper, Krusty Foods, Spacely Sprockets, Cogswell Cogs, Wernham Hogg
            book: Middlemarch, Dune, Beloved, Persuasion, The Hobbit, Things Fall Apart, Solaris, Stoner, Rebecca, \
            Kindred, Pachinko, Ulysses, Emma, Frankenstein, The Leopard, Invisible Cities, The Remains of the Day, \
            Circe, Gilead, Wolf Hall, Neuromancer, Atonement, Normal People, Homegoing, The Overstory, Piranesi, \
            Small Things Like These, Klara and the Sun, Station Eleven, The Dispossessed
            mood: relaxed, stressed, enthusiastic, hesitant, curious, frustrated, optimistic, tired, confident, \
            anxious, amused, impatient, focused, distracted, cheerful
            pet: dog, cat, rabbit, ferret, parrot, tortoise, hamster, guinea pig, lizard, goat, chicken, pony
            place: river, harbour, old mill, cathedral, botanical garden, lake, castle, market square, railway bridge, \
            lighthouse, community garden, football ground, museum, canal, city park, beach, forest trail, allotments, \
            school, library
            source: peer-reviewed papers, the official documentation, the company wiki, recent news, \
            the original contract, the style guide, primary sources, the product spec, the support tickets, \
            the meeting notes, the public dataset, the legal team, the changelog, the annual report, the design brief
            day: 1st, 2nd, 3rd, 4th, 5th, 6th, 7th, 8th, 9th, 10th, 11th, 12th, 13th, 14th, 15th, 16th, 17th, 18th, \
            19th, 20th, 21st, 22nd, 23rd, 24th, 25th, 26th, 27th, 28th
            minute: 0, 1, 2, 3, 4, 5
            n: 2..97
            years: 2..35
            year: 1950..2005
            nights: 2..14
            few: 2..12
            pets: 2..5
            words: 5..40
            hour: 1..12
            stars: 1..5
            """;

    /** {type, text} per template. */
    static final List<String[]> TEMPLATES =
            TEMPLATE_LINES.lines().map(line -> line.split("\\s*\\|\\s*", 2)).toList();

    static final Map<String, List<String>> WORDS = words();

    private static Map<String, List<String>> words() {
        Map<String, List<String>> words = new LinkedHashMap<>();
        for (String line : WORD_LINES.lines().toList()) {
            String[] nameAndWords = line.split(":\\s*", 2);
            String list = nameAndWords[1];
            if (list.matches("\\d+\\.\\.\\d+")) {
                String[] range = list.split("\\.\\.");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[1]);
                words.put(
                        nameAndWords[0],
                        IntStream.rangeClosed(from, to)
                                .mapToObj(String::valueOf)
                                .toList());
            } else {
                words.put(nameAndWords[0], List.of(list.split(",\\s*")));
            }
        }
        return Map.copyOf(words);
    }
}
