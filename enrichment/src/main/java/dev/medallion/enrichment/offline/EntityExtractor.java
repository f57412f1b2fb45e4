package dev.medallion.enrichment.offline;

import dev.medallion.enrichment.TextAnalysis.Entity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based named-entity extraction: patterns for e-mail addresses, URLs, phone numbers, dates/times and amounts,
 * then runs of capitalised words classified by cues (titles such as "Dr." mean Person, suffixes such as "Inc" mean
 * Organization, prepositions such as "in" or a small gazetteer mean Location). Cheap and predictable; its measured
 * accuracy is stated in the module README and checked by {@code OfflineAccuracyTest}.
 */
public final class EntityExtractor {
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+|www\\.[^\\s<>\"]+");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\d{1,3}?[ .-]?\\(?\\d{2,4}\\)?[ .-]\\d{3,4}[ .-]\\d{3,4}(?!\\w)");
    private static final Pattern NUMERIC_DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?\\b"
            + "|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b");
    private static final Pattern NAMED_DATE = Pattern.compile("\\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
            + "(?: \\d{1,2}(?:st|nd|rd|th)?)?(?:,? \\d{4})?\\b"
            + "|\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\\b");
    /*
     * Digit runs are bounded and possessive: unbounded, "1,1,1,..." made every start position rescan the rest of the
     * run before failing (quadratic). Giving characters back never helps here (a unit, dot or space follows a run,
     * never a digit or comma), and no real amount has more than 30 digits and commas.
     */
    private static final Pattern QUANTITY = Pattern.compile("[$€£]\\s?\\d[\\d,]{0,30}+(?:\\.\\d{1,20}+)?"
            + "|\\b\\d[\\d,]{0,30}+(?:\\.\\d{1,20}+)?\\s?(?:USD|EUR|GBP|dollars|euros|percent|%|kg|km|miles|hours|minutes|days)\\b");
    /** Lower-case words that may join capitalised words into one name ("Bank of England", "Ludwig van Beethoven"). */
    private static final String[] CONNECTORS = {"of", "de", "van", "von", "the", "and", "&"};

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Set<String> PERSON_TITLES = Set.of("Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Madam", "Miss",
            "CEO", "President", "Minister", "Senator", "Professor", "Captain");
    private static final Set<String> ORG_SUFFIXES = Set.of("Inc", "Corp", "Corporation", "Ltd", "LLC", "GmbH", "AG",
            "SA", "PLC", "Co", "Company", "Group", "Bank", "University", "Airlines", "Airways", "Foundation", "Institute",
            "Agency", "Association", "Technologies", "Systems", "Labs", "Motors", "Telecom");
    private static final Set<String> ORGANIZATIONS = Set.of("Microsoft", "Google", "Amazon", "Apple", "Meta", "Netflix",
            "IBM", "Oracle", "Samsung", "Tesla", "Intel", "Nvidia", "Siemens", "SAP", "Spotify", "Uber", "Airbnb",
            "Databricks", "Confluent", "Azure", "Walmart", "Visa", "Mastercard", "PayPal", "FedEx", "UPS", "DHL",
            "Lufthansa", "Ryanair", "Vodafone", "Starbucks", "Nike", "Adidas", "Ikea", "IKEA", "Volkswagen", "BMW",
            "Toyota", "Boeing", "Airbus", "NASA", "UN", "EU", "WHO", "OpenAI", "LinkedIn", "GitHub", "Twitter");
    private static final Set<String> LOCATIONS = Set.of("London", "Paris", "Berlin", "Madrid", "Rome", "Amsterdam",
            "Lisbon", "Dublin", "Vienna", "Zurich", "Munich", "Hamburg", "Frankfurt", "Milan", "Barcelona", "Brussels",
            "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Warsaw", "Prague", "Budapest", "Athens", "Istanbul",
            "Moscow", "Tokyo", "Beijing", "Shanghai", "Seoul", "Singapore", "Sydney", "Melbourne", "Mumbai", "Delhi",
            "Dubai", "Cairo", "Nairobi", "Lagos", "Toronto", "Vancouver", "Montreal", "Chicago", "Boston", "Seattle",
            "Austin", "Denver", "Miami", "Atlanta", "Dallas", "Houston", "New York", "San Francisco", "Los Angeles",
            "Washington", "Mexico City", "Rio de Janeiro", "Buenos Aires", "America", "Europe", "Asia", "Africa",
            "Germany", "France", "Spain", "Italy", "Portugal", "Netherlands", "Belgium", "Switzerland", "Austria",
            "Poland", "Sweden", "Norway", "Denmark", "Finland", "Ireland", "England", "Scotland", "Wales", "Britain",
            "United Kingdom", "UK", "USA", "US", "United States", "Canada", "Mexico", "Brazil", "Argentina", "China",
            "Japan", "India", "Australia", "Russia", "Turkey", "Egypt", "Kenya", "Nigeria", "California", "Texas",
            "Florida", "Bavaria", "Antarctica");
    private static final Set<String> LOCATION_CUES = Set.of("in", "at", "from", "to", "near", "via", "into", "across");
    /** Capitalised words that start sentences or are never entities on their own. */
    private static final Set<String> NOT_ENTITIES = Set.of("The", "A", "An", "I", "We", "You", "They", "He", "She",
            "It", "This", "That", "These", "Those", "My", "Our", "Your", "Their", "His", "Her", "Its", "If", "When",
            "While", "But", "And", "Or", "So", "Yes", "No", "Not", "Thanks", "Thank", "Please", "Hi", "Hello", "Dear",
            "Great", "Good", "Bad", "Very", "Just", "Also", "What", "Why", "How", "Where", "Who", "After", "Before",
            "Order", "Service", "Delivery", "Customer", "Support", "Today", "Tomorrow", "Yesterday", "Monday",
            "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "OK", "Love", "Terrible", "Awful",
            "Excellent", "Never", "Best", "Worst", "Again", "Still", "Overall", "Then", "There", "Here", "All", "Some",
            "Many", "Most", "Every", "One", "Two", "Amazing", "Really", "Wow", "Sadly", "Unfortunately", "Honestly");

    public List<Entity> extract(String text) {
        List<Entity> found = new ArrayList<>();
        boolean[] taken = new boolean[text.length() + 1];
        // The patterns are costly to scan; most texts hold no digit, '@' or link, so test for those first.
        boolean digits = hasDigit(text);
        if (text.indexOf('@') >= 0) {
            addEmails(text, found, taken);
        }
        if (text.contains("http") || text.contains("www.")) {
            addMatches(text, URL, "URL", found, taken);
        }
        if (digits) {
            addMatches(text, PHONE, "PhoneNumber", found, taken);
            addMatches(text, NUMERIC_DATE, "DateTime", found, taken);
        }
        if (mayHoldNamedDate(text)) {
            addMatches(text, NAMED_DATE, "DateTime", found, taken);
        }
        if (digits) {
            addMatches(text, QUANTITY, "Quantity", found, taken);
        }
        int from = 0;
        int[] run;
        while ((run = nextCapitalisedRun(text, from)) != null) {
            from = run[1];
            int start = run[0];
            String span = text.substring(run[0], run[1]);
            // Drop leading non-entity words ("The Bank of ..." keeps "Bank of ...", "Thanks Anna" keeps "Anna").
            while (true) {
                int space = span.indexOf(' ');
                String first = space < 0 ? span : span.substring(0, space);
                if (!NOT_ENTITIES.contains(first) || space < 0) {
                    break;
                }
                start += space + 1;
                span = span.substring(space + 1).stripLeading();
            }
            span = stripTrailing(span);
            if (span.isEmpty() || taken[start] || NOT_ENTITIES.contains(span) || PERSON_TITLES.contains(span)) {
                continue;
            }
            String category = classify(text, start, span);
            if (category != null) {
                mark(taken, start, start + span.length());
                found.add(new Entity(span, category, start));
            }
        }
        found.sort(Comparator.comparingInt(Entity::offset));
        return found;
    }

    /**
     * The next run of capitalised words at or after {@code from}, as {start, end}, or null. A hand-written scan rather
     * than a regex: the pattern had to be tried at every character and was the extractor's largest cost.
     */
    private static int[] nextCapitalisedRun(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z' || i > 0 && isBoundaryWordChar(text.charAt(i - 1))) {
                continue;
            }
            int end = wordEnd(text, i + 1);
            while (true) {
                int j = skipWhitespace(text, end);
                if (j == end || j >= n) {
                    break;
                }
                int k = j;
                for (String connector : CONNECTORS) {
                    if (text.startsWith(connector, j)) {
                        k = skipWhitespace(text, j + connector.length());
                        break;
                    }
                }
                if (k < n && text.charAt(k) >= 'A' && text.charAt(k) <= 'Z') {
                    end = wordEnd(text, k + 1);
                } else {
                    break;
                }
            }
            return new int[]{i, end};
        }
        return null;
    }

    private static boolean isBoundaryWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static int wordEnd(String text, int from) {
        int p = from;
        while (p < text.length()) {
            char c = text.charAt(p);
            if (!Character.isLetter(c) && c != '&' && c != '\'' && c != '-') {
                break;
            }
            p++;
        }
        return p;
    }

    private static int skipWhitespace(String text, int from) {
        int p = from;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static final String[] DATE_HINTS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "today",
        "tomorrow", "yesterday"};

    /** Every named date contains one of these; a few indexOf calls are far cheaper than scanning the pattern. */
    private static boolean mayHoldNamedDate(String text) {
        for (String hint : DATE_HINTS) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailing(String span) {
        String s = span;
        while (s.endsWith("'s") || s.endsWith("-") || s.endsWith("'")) {
            s = s.endsWith("'s") ? s.substring(0, s.length() - 2) : s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String classify(String text, int start, String span) {
        String[] words = span.indexOf(' ') < 0 && span.indexOf('\t') < 0 && span.indexOf('\n') < 0
                ? new String[]{span} : WHITESPACE.split(span);
        String previous = previousWord(text, start);
        if (LOCATIONS.contains(span)) {
            return "Location";
        }
        if (ORGANIZATIONS.contains(span) || ORGANIZATIONS.contains(words[0]) && words.length <= 2
                || ORG_SUFFIXES.contains(words[words.length - 1].replace(".", ""))
                || words.length > 1 && ORG_SUFFIXES.contains(words[0])) {
            return "Organization";
        }
        if (PERSON_TITLES.contains(previous.replace(".", "")) || PERSON_TITLES.contains(words[0])) {
            return "Person";
        }
        if (LOCATION_CUES.contains(previous) && words.length <= 3) {
            return "Location";
        }
        boolean sentenceStart = isSentenceStart(text, start);
        if (words.length >= 2 && words.length <= 3 && allNameLike(words)) {
            return "Person";
        }
        if (!sentenceStart && words.length == 1 && span.length() > 1) {
            return "Other";
        }
        return null;
    }

    private static boolean allNameLike(String[] words) {
        for (String w : words) {
            if (w.length() < 2 || !Character.isUpperCase(w.charAt(0)) || !Character.isLowerCase(w.charAt(1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSentenceStart(String text, int start) {
        for (int i = start - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '"' && c != '(') {
                return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n';
            }
        }
        return true;
    }

    private static String previousWord(String text, int start) {
        int end = start - 1;
        while (end >= 0 && Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        int begin = end;
        while (begin >= 0 && (Character.isLetter(text.charAt(begin)) || text.charAt(begin) == '.')) {
            begin--;
        }
        return end < 0 ? "" : text.substring(begin + 1, end + 1);
    }

    /** Addresses beyond the RFC 5321 lengths are not reported: a megabyte-long "local part" is no address. */
    private static void addEmails(String text, List<Entity> found, boolean[] taken) {
        EmailAddresses.Span span;
        for (int from = 0; (span = EmailAddresses.find(text, from)) != null; from = span.end()) {
            if (span.withinRfcLimits()) {
                mark(taken, span.start(), span.end());
                found.add(new Entity(text.substring(span.start(), span.end()), "Email", span.start()));
            }
        }
    }

    private static void addMatches(String text, Pattern pattern, String category, List<Entity> found, boolean[] taken) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (taken[m.start()] || taken[m.end() - 1]) {
                continue;
            }
            String value = m.group();
            int end = m.end();
            while (value.endsWith(".") || value.endsWith(",") || value.endsWith(")")) {
                value = value.substring(0, value.length() - 1);
                end--;
            }
            mark(taken, m.start(), end);
            found.add(new Entity(value, category, m.start()));
        }
    }

    private static void mark(boolean[] taken, int from, int to) {
        for (int i = from; i < to; i++) {
            taken[i] = true;
        }
    }
}
