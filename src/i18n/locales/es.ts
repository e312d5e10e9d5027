import type { Catalogue } from "../catalogue.js";

/** Spanish (es, and es-ES / es-419 on Discord). */
export const es: Catalogue = {
  chat: {
    apology: "Lo siento, algo salió mal (id de error {{id}}).",
    slowDown: "Ve un poco más despacio: vuelve a intentarlo en {{seconds}} s.",
    unknownCommand: "Comando desconocido{{echo}}. Prueba con /help.",
    adminsOnly: "Lo siento, /{{command}} es solo para administradores.",
    adminsInGroups:
      "Lo siento, en un grupo /{{command}} es solo para administradores; en un chat privado conmigo puede usarlo cualquiera.",
    didYouMean: "¿Quisiste decir {{suggestions}}?",
    needsOption: "A /{{command}} le falta el parámetro «{{option}}». Uso: {{usage}}",
    tooLong:
      "El parámetro «{{option}}» es demasiado largo ({{length}} caracteres; máximo {{max}}). Uso: {{usage}}",
    notAChoice: "{{what}} no es un valor válido para «{{option}}». Elige uno de estos: {{choices}}.",
    thatOption: "Ese valor",
    noSuchOption: "/{{command}} no tiene ninguna opción «{{option}}». Uso: {{usage}}",
    takesNothing: "/{{command}} no admite nada después del nombre. Uso: {{usage}}",
    takesWords_one: "/{{command}} admite como mucho {{count}} palabra. Uso: {{usage}}",
    takesWords_other: "/{{command}} admite como mucho {{count}} palabras. Uso: {{usage}}",
    notACommand: "Los comandos se escriben así: /forecast BTC 1d; /help los muestra todos.",
  },
  help: {
    title: "Coincast: pronósticos cripto honestos",
    admins: "administradores",
    adminsInGroups: "administradores en grupos; cualquiera en un chat privado",
    footer:
      "Monedas: {{symbols}}; con el exchange en línea, cualquier otro par spot que liste (se descarga la primera vez que se pide). " +
      "Horizontes: {{horizons}}. <obligatorio> [opcional]. No es asesoramiento financiero.",
  },
  forecast: {
    title: "Pronóstico de {{symbol}} a {{horizon}} vista",
    lastPrice: "Último precio",
    at: "{{price}} ({{time}} UTC)",
    median: "Mediana",
    medianValue: "{{price}} ({{change}}) para el {{time}} UTC",
    interval80: "Intervalo del 80 %",
    range: "de {{low}} a {{high}}",
    pUp: "P(subida)",
    volatility: "Volatilidad esperada",
    dataAsOf: "Datos al {{time}} UTC ({{source}}).",
    live: "en directo del exchange",
    shipped: "histórico incluido",
    stale:
      "DESACTUALIZADO: la vela más reciente cerró el {{time}} UTC; todavía no se han podido descargar velas nuevas, así que se usan las últimas guardadas.",
    model: "Modelo {{version}}.",
    notAdvice:
      "No es asesoramiento financiero: un pronóstico es un abanico de resultados posibles, no una promesa.",
    fetching: "Descargando del exchange el histórico de {{symbol}} (es la primera vez que se pide aquí)…",
  },
  track: {
    none: "{{label}}: todavía no hay pronósticos evaluados ({{pending}} esperan a que cierre su vela objetivo).",
    scored: "{{label}}: {{count}} pronósticos evaluados desde el {{since}}, {{pending}} pendientes.",
    errors:
      "Error mediano {{mae}} frente a {{naive}} de «sin cambios»: {{verdict}}; dirección acertada {{hits}}; " +
      "dentro del intervalo del 80 % {{in80}}, del 95 % {{in95}}.",
    beats: "supera a «sin cambios» en {{skill}}",
    doesNotBeat: "no supera a «sin cambios» (habilidad {{skill}})",
    label: "Historial {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · previsión a {{horizon}}",
    asOf: "a {{time}} UTC",
    subtitle: "velas de {{timeframe}}, {{source}}",
    live: "datos en directo",
    shipped: "datos incluidos",
    median: "mediana {{price}} ({{change}})",
    band: "{{level}} {{low}} – {{high}}",
    pUp: "P(sube) {{share}}",
    footer: "modelo {{version}} · no es asesoramiento financiero",
    stale: "DATOS ANTIGUOS",
    thousands: " mil",
    millions: " M",
  },
  faq: {
    englishOnly: "Por ahora, las preguntas frecuentes solo están en inglés.",
  },
  commands: {
    forecast: {
      name: "pronostico",
      description:
        "Dónde puede estar una moneda en un horizonte: mediana, intervalo del 80 %, P(subida) e historial",
      options: { symbol: "Una moneda, p. ej. BTC o ETH/USDT", horizon: "A qué plazo (por defecto 1d)" },
    },
    accuracy: {
      name: "precision",
      description: "Cómo les ha ido a los pronósticos servidos aquí frente a «sin cambios»",
      options: {
        symbol: "Una moneda, p. ej. BTC (por defecto: todas)",
        horizon: "p. ej. 1d (por defecto: todos)",
      },
    },
    model: {
      name: "modelo",
      description:
        "Los modelos en servicio en breve: versión, datos de entrenamiento, veredicto fuera de muestra",
      options: {},
    },
    faq: {
      name: "preguntas",
      description:
        "Respuestas claras: cómo funciona el modelo, sus datos, horizontes, precisión y riesgos (en inglés)",
      options: { topic: "Sobre qué (por defecto: la lista de temas)" },
    },
    help: { name: "ayuda", description: "Qué sabe hacer Coincast y cómo pedírselo", options: {} },
    retrain: {
      name: "reentrenar",
      description:
        "Entrena un aspirante con los datos más recientes; solo entra en servicio si no puntúa peor",
      options: { timeframe: "Qué modelo (por defecto: ambos)" },
    },
    subscribe: {
      name: "suscribirse",
      description:
        "Publica aquí un pronóstico cada día a una hora local; sustituye la suscripción de este canal",
      options: {
        symbols: "Monedas separadas por comas, p. ej. btc,eth (por defecto «all»)",
        horizon: "A qué plazo (por defecto 1d)",
        time: "Hora local del día, formato 24 h HH:MM (por defecto 08:00)",
        timezone: "Zona horaria IANA, p. ej. Europe/Madrid (por defecto UTC)",
      },
    },
    unsubscribe: {
      name: "cancelar_suscripcion",
      description: "Deja de publicar el pronóstico diario en este canal",
      options: {},
    },
    subscriptions: {
      name: "suscripciones",
      description: "El pronóstico diario de este canal; para un administrador en chat privado, los de todos",
      options: {},
    },
    alert: {
      name: "alerta",
      description:
        "Avisa si una moneda cruza un precio, sale de su banda del 80 %, se vuelve volátil o P(subida) cruza",
      options: {
        kind: "price, band, volatility o pup; remove borra una",
        symbol: "Una moneda, p. ej. BTC (para remove: el ID de la alerta)",
        direction: "Para price y pup: above (por encima) o below (por debajo)",
        level: "price: un precio, p. ej. 100000; pup: una probabilidad, p. ej. 0.6",
      },
    },
    alerts: { name: "alertas", description: "Las alertas de este canal, con sus ID y estados", options: {} },
  },
  errors: {
    "alert-exists": "Ya hay una alerta igual en este canal.",
    "alert-limit": "Este canal ya tiene el máximo de alertas; borra alguna con /alert remove.",
    "backfill-failed": "No se pudo completar el histórico desde el exchange. Inténtalo de nuevo más tarde.",
    "bad-candle-file": "Un archivo de velas no tiene el formato esperado.",
    "bad-date": "No entiendo esa fecha; escríbela como AAAA-MM-DD.",
    "bad-date-range": "Ese rango de fechas no es válido: el inicio debe ser anterior al final.",
    "bad-number": "Eso no es un número válido.",
    "bad-option": "Ese valor no es válido para esta opción.",
    "bad-time": "No entiendo esa hora; escríbela en formato 24 h, HH:MM, p. ej. 08:00.",
    busy: "Ahora mismo estoy ocupado con muchas peticiones; vuelve a intentarlo en unos segundos.",
    "exchange-unavailable": "El exchange no responde ahora mismo; vuelve a intentarlo en unos minutos.",
    "history-too-short": "No hay histórico suficiente de esa moneda para pronosticarla.",
    "input-too-long": "Eso es demasiado largo para un símbolo.",
    "missing-option": "Falta un parámetro obligatorio.",
    "missing-symbol": "Indica una moneda, por ejemplo BTC o BTC/USDT.",
    "no-candle-files": "No se han encontrado archivos de velas.",
    "no-candles": "No hay velas para esa moneda y ese periodo.",
    "no-earlier-version": "No hay una versión anterior del modelo a la que volver.",
    "no-model": "Todavía no hay ningún modelo entrenado para ese horizonte.",
    "no-worker": "No hay ningún trabajador de pronósticos disponible; inténtalo de nuevo en un momento.",
    "queue-unreachable":
      "No se puede conectar con la cola de pronósticos (Redis); Coincast está reintentando la conexión. Vuelve a intentarlo en un minuto.",
    "not-available": "Esa función no está disponible en este bot.",
    "on-demand-off": "Solo pronostico las monedas configuradas; la descarga bajo demanda está desactivada.",
    "platform-refused": "La plataforma de chat ha rechazado la petición.",
    "retrain-running": "Ya hay un reentrenamiento en marcha; espera a que termine.",
    "unknown-alert": "No hay ninguna alerta con ese ID en este canal; /alerts las muestra.",
    "unknown-horizon": "Horizonte desconocido. Horizontes: {{horizons}}.",
    "unknown-model": "No conozco ese modelo.",
    "unknown-symbol": "No conozco ese símbolo.",
    "unknown-time-zone": "No conozco esa zona horaria; usa un nombre IANA como Europe/Madrid.",
    "unknown-timeframe": "Marco temporal desconocido; usa 4h o 1d.",
    "unknown-version": "No existe esa versión del modelo.",
    "unreadable-history": "No se ha podido leer el histórico guardado.",
    "worker-timeout": "El pronóstico ha tardado demasiado; vuelve a intentarlo.",
  },
};
