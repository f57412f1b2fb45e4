package dev.medallion.benchmarks.smts;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.medallion.enrichment.OfflineTextAnalyzer;
import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.offline.EntityExtractor;
import dev.medallion.enrichment.offline.KeyPhraseExtractor;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.SentimentScorer;
import dev.medallion.smt.enrich.Enrich;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Enrich (offline engine, default seven languages) on 300-character texts in equal shares of English, German, French,
 * Spanish, Italian, Portuguese and Dutch: three of seven are Romance texts, the hard case for the function-word hint.
 * Peers in the same run: Lingua alone deciding each text as the engine configures it (120 characters, seven languages,
 * low-accuracy mode) and the whole engine with Lingua deciding every text (the engine before the hint).
 */
@State(Scope.Thread)
public class MixedLanguageEnrichBenchmark {
    /** Three ~300-character customer texts per language, written for this benchmark. */
    static final String[] TEXTS = {
        "I bought the premium plan in March because the sales team promised daily backups, but the dashboard shows"
            + " that the last backup ran three weeks ago. Support keeps telling me the issue is known and will be fixed"
            + " soon. Could you tell me when exactly, and whether we will get a refund for the months we paid for?",
        "The conference venue was easy to reach by train and the rooms were bright, although the coffee ran out before"
            + " the afternoon sessions started. Most speakers kept to their time, and the recordings were online by the"
            + " next morning, which our remote colleagues really appreciated. We would book it again next year.",
        "Our team has used the scheduling tool for two years. It is reliable, but the new pricing doubles what we pay"
            + " for the same features, and nobody warned us before the invoice arrived. If this is not reconsidered we"
            + " will have to look for another provider before our contract renews at the end of the quarter.",
        "Ich habe das Premium-Paket im März gebucht, weil mir tägliche Sicherungen versprochen wurden, aber laut"
            + " Übersicht lief die letzte Sicherung vor drei Wochen. Der Support sagt nur, dass das Problem bekannt ist."
            + " Können Sie mir sagen, wann es behoben wird und ob wir für diese Monate eine Erstattung bekommen?",
        "Der Tagungsort war mit der Bahn gut zu erreichen und die Räume waren hell, auch wenn der Kaffee schon vor den"
            + " Nachmittagsvorträgen aus war. Die meisten Redner hielten sich an ihre Zeit, und die Aufzeichnungen waren"
            + " am nächsten Morgen online, was unsere Kollegen im Homeoffice sehr geschätzt haben. Gerne wieder.",
        "Unser Team nutzt das Planungswerkzeug seit zwei Jahren. Es ist zuverlässig, aber mit den neuen Preisen zahlen"
            + " wir für dieselben Funktionen das Doppelte, und niemand hat uns vor der Rechnung gewarnt. Wenn das so"
            + " bleibt, suchen wir uns vor der Verlängerung des Vertrags am Quartalsende einen anderen Anbieter.",
        "J'ai souscrit l'offre premium en mars parce que l'équipe commerciale m'avait promis des sauvegardes"
            + " quotidiennes, mais le tableau de bord indique que la dernière date de trois semaines. Le support répond"
            + " que le problème est connu. Pouvez-vous me dire quand il sera corrigé et si nous serons remboursés ?",
        "Le lieu de la conférence était facile d'accès en train et les salles étaient lumineuses, même si le café a"
            + " manqué avant les sessions de l'après-midi. La plupart des intervenants ont respecté leur temps et les"
            + " enregistrements étaient en ligne dès le lendemain matin, ce que nos collègues à distance ont apprécié.",
        "Notre équipe utilise cet outil de planification depuis deux ans. Il est fiable, mais avec les nouveaux tarifs"
            + " nous payons le double pour les mêmes fonctions, et personne ne nous a prévenus avant la facture. Si rien"
            + " ne change, nous chercherons un autre fournisseur avant le renouvellement du contrat en fin de trimestre.",
        "Contraté el plan premium en marzo porque el equipo de ventas me prometió copias de seguridad diarias, pero el"
            + " panel muestra que la última se hizo hace tres semanas. El soporte solo dice que el problema es conocido."
            + " ¿Me pueden decir cuándo se solucionará y si nos devolverán lo que pagamos por esos meses?",
        "El lugar de la conferencia estaba bien comunicado en tren y las salas eran luminosas, aunque el café se acabó"
            + " antes de las sesiones de la tarde. Casi todos los ponentes respetaron su tiempo y las grabaciones"
            + " estaban en línea a la mañana siguiente, algo que nuestros compañeros en remoto agradecieron mucho.",
        "Nuestro equipo usa la herramienta de planificación desde hace dos años. Es fiable, pero con los nuevos precios"
            + " pagamos el doble por las mismas funciones y nadie nos avisó antes de la factura. Si esto no cambia,"
            + " buscaremos otro proveedor antes de que el contrato se renueve a final de trimestre.",
        "Ho sottoscritto il piano premium a marzo perché il commerciale mi aveva promesso backup giornalieri, ma il"
            + " pannello mostra che l'ultimo risale a tre settimane fa. L'assistenza dice solo che il problema è noto."
            + " Potete dirmi quando sarà risolto e se ci verrà rimborsato quanto pagato per quei mesi?",
        "La sede del convegno era facile da raggiungere in treno e le sale erano luminose, anche se il caffè è finito"
            + " prima delle sessioni del pomeriggio. Quasi tutti i relatori hanno rispettato i tempi e le registrazioni"
            + " erano online la mattina dopo, cosa che i nostri colleghi da remoto hanno molto apprezzato.",
        "Il nostro gruppo usa lo strumento di pianificazione da due anni. È affidabile, ma con i nuovi prezzi paghiamo"
            + " il doppio per le stesse funzioni e nessuno ci ha avvisato prima della fattura. Se non cambia nulla,"
            + " cercheremo un altro fornitore prima del rinnovo del contratto alla fine del trimestre.",
        "Contratei o plano premium em março porque a equipa comercial me prometeu cópias de segurança diárias, mas o"
            + " painel mostra que a última foi feita há três semanas. O suporte diz apenas que o problema é conhecido."
            + " Podem dizer-me quando será resolvido e se vamos ser reembolsados pelos meses que pagámos?",
        "O local da conferência tinha bom acesso de comboio e as salas eram claras, embora o café tenha acabado antes"
            + " das sessões da tarde. Quase todos os oradores cumpriram o seu tempo e as gravações estavam disponíveis"
            + " na manhã seguinte, o que os nossos colegas à distância agradeceram muito. Voltaremos no próximo ano.",
        "A nossa equipa usa a ferramenta de planeamento há dois anos. É fiável, mas com os novos preços pagamos o dobro"
            + " pelas mesmas funções e ninguém nos avisou antes da fatura. Se isto não mudar, vamos procurar outro"
            + " fornecedor antes de o contrato ser renovado no fim do trimestre.",
        "Ik heb in maart het premiumpakket genomen omdat de verkoper dagelijkse back-ups beloofde, maar het dashboard"
            + " laat zien dat de laatste back-up drie weken geleden was. De helpdesk zegt alleen dat het probleem bekend"
            + " is. Kunt u mij vertellen wanneer het wordt opgelost en of wij geld terugkrijgen voor die maanden?",
        "De conferentielocatie was goed bereikbaar met de trein en de zalen waren licht, al was de koffie op voordat de"
            + " middagsessies begonnen. De meeste sprekers hielden zich aan hun tijd en de opnames stonden de volgende"
            + " ochtend online, wat onze collega's die op afstand werken erg waardeerden. Volgend jaar graag weer.",
        "Ons team gebruikt de planningstool al twee jaar. Hij is betrouwbaar, maar met de nieuwe prijzen betalen we het"
            + " dubbele voor dezelfde functies en niemand heeft ons gewaarschuwd voordat de factuur kwam. Als dat zo"
            + " blijft, zoeken we een andere leverancier voordat het contract aan het einde van het kwartaal verlengt.",
    };

    private final List<String> texts = new ArrayList<>();
    private final List<SourceRecord> records = new ArrayList<>();
    private int next;
    private Enrich<SourceRecord> enrich;
    private OfflineTextAnalyzer analyzerLinguaOnly;
    private LanguageIdentifier identifier;
    /** Lingua 1.2.2 as the engine configured it until issue #14 (kept here as the peer). */
    private LanguageDetector lingua;

    @Setup
    public void setUp() {
        for (String text : TEXTS) {
            String cut = text.length() > 300 ? text.substring(0, 300) : text;
            texts.add(cut);
            records.add(new SourceRecord(Map.of("p", 0), Map.of("o", 1L), "events.raw", null, null,
                    Map.of("event_id", "evt-1", "text", cut)));
        }
        enrich = new Enrich<>();
        enrich.configure(Map.of("text.field", "text"));
        analyzerLinguaOnly = new OfflineTextAnalyzer(SentimentScorer.withBundledLexicon(),
                new LanguageIdentifier(LanguageIdentifier.DEFAULT_LANGUAGES, LanguageIdentifier.DEFAULT_MAX_CHARS, false),
                new EntityExtractor(), new KeyPhraseExtractor(5));
        identifier = new LanguageIdentifier();
        List<Language> languages = new ArrayList<>();
        for (String code : LanguageIdentifier.DEFAULT_LANGUAGES) {
            languages.add(Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))));
        }
        lingua = LanguageDetectorBuilder.fromLanguages(languages.toArray(new Language[0])).withLowAccuracyMode()
                .withPreloadedLanguageModels().build();
    }

    @TearDown
    public void tearDown() {
        enrich.close();
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % TEXTS.length;
        return i;
    }

    @Benchmark
    public SourceRecord enrichOfflineMixed() {
        return enrich.apply(records.get(nextIndex()));
    }

    /** The engine without the hint: the n-gram detector (optimaize since issue #14) decides every language. */
    @Benchmark
    public TextAnalysis analyzerLinguaOnlyMixed() {
        return analyzerLinguaOnly.analyze(texts.get(nextIndex()));
    }

    /** The peer: Lingua alone, as the engine configured it until issue #14 (first 120 characters, 7 languages). */
    @Benchmark
    public SortedMap<Language, Double> linguaMixed() {
        String text = texts.get(nextIndex());
        return lingua.computeLanguageConfidenceValues(text.length() > 120 ? text.substring(0, 120) : text);
    }

    /** The engine's language step on the same texts: hint, then the n-gram detector over the languages it leaves open. */
    @Benchmark
    public TextAnalysis.DetectedLanguage languageWithHintMixed() {
        return identifier.detect(texts.get(nextIndex()));
    }
}
