import type { Catalogue } from "../catalogue.js";
import { esFaq } from "../faq/es.js";
import { esRefusals } from "../refusals/es.js";

/** Spanish (es, and es-ES / es-419 on Discord). */
export const es: Catalogue = {
  chat: {
    apology: "Lo siento, algo salió mal (id de error {{id}}).",
    lateAnswer:
      "{{user}}, tu respuesta tardó más de los 15 minutos que Discord mantiene abierto un comando, así que llega como mensaje.",
    answerComesLate:
      "Sigo en ello. Discord mantiene abierto un comando solo 15 minutos, así que la respuesta llegará en un mensaje aparte (o por mensaje directo).",
    slowDown: "Ve un poco más despacio: vuelve a intentarlo en {{seconds}} s.",
    unknownCommand: "Comando desconocido{{echo}}. Prueba con /help.",
    chartSaved: "Gráfico: {{path}}",
    chartNotSaved: "(No se pudo guardar el gráfico en {{path}}.)",
    adminsOnly: "Lo siento, /{{command}} es solo para administradores.",
    adminsInGroups:
      "Lo siento, en un grupo /{{command}} es solo para administradores; en un chat privado conmigo puede usarlo cualquiera.",
    didYouMean: "¿Quisiste decir {{suggestions}}?",
    needsOption: "A /{{command}} le falta el parámetro «{{option}}». Uso: {{usage}}",
    tooLong:
      "El parámetro «{{option}}» es demasiado largo ({{length}} caracteres; máximo {{max}}). Uso: {{usage}}",
    notAChoice: "{{what}} no es un valor válido para «{{option}}». Elige uno de estos: {{choices}}.",
    quoted: "«{{text}}»",
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
      "Monedas: {{symbols}}; con el exchange en línea, cualquier otro par spot que liste (se descarga la primera vez que se pide); sin conexión, también los pares cuyo historial se incluye, hasta su último día. " +
      "Horizontes: {{horizons}}. <obligatorio> [opcional]. No es asesoramiento financiero.",
  },
  forecast: {
    title: "Pronóstico de {{symbol}} a {{horizon}} vista",
    lastPrice: "Último precio",
    lastDailyClose: "Último cierre diario",
    latestPrice: "Precio más reciente",
    latestValue: "{{price}} ({{time}} UTC, velas de 4h); el modelo diario pronostica con cierres diarios.",
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
    targetPassed:
      "El momento objetivo de esta previsión, {{time}} UTC, ya había pasado cuando se hizo: su resultado ya se conoce, así que no entra en el historial.",
    model: "Modelo {{version}}.",
    notAdvice:
      "No es asesoramiento financiero: un pronóstico es un abanico de resultados posibles, no una promesa.",
    fetching: "Descargando del exchange el histórico de {{symbol}} (es la primera vez que se pide aquí)…",
  },
  track: {
    none_one:
      "{{label}}: todavía no hay pronósticos evaluados ({{pending}} espera a que cierre su vela objetivo).",
    none_other:
      "{{label}}: todavía no hay pronósticos evaluados ({{pending}} esperan a que cierre su vela objetivo).",
    scored_one: "{{label}}: {{scored}} pronóstico evaluado desde el {{since}}, {{pending}}.",
    scored_other: "{{label}}: {{scored}} pronósticos evaluados desde el {{since}}, {{pending}}.",
    pending_one: "{{pending}} pendiente",
    pending_other: "{{pending}} pendientes",
    errors:
      "Error mediano {{mae}} frente a {{naive}} de «sin cambios»: {{verdict}}; {{direction}}; " +
      "dentro del intervalo del 80 % {{in80}}, del 95 % {{in95}}.",
    direction: "dirección acertada {{hits}}",
    directionSome_one:
      "dirección acertada {{hits}} de las indicadas ({{none}} pronóstico no indicó ninguna: su mediana era «sin cambios»)",
    directionSome_other:
      "dirección acertada {{hits}} de las indicadas ({{none}} pronósticos no indicaron ninguna: su mediana era «sin cambios»)",
    directionNone: "dirección n/d (ningún pronóstico indicó una: todas las medianas eran «sin cambios»)",
    beats: "supera a «sin cambios» en {{skill}}",
    doesNotBeat: "no supera a «sin cambios» (habilidad {{skill}})",
    label: "Historial {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · previsión a {{horizon}}",
    asOf: "a {{time}} UTC",
    asOfDaily: "cierre diario {{time}} UTC",
    latest: "reciente {{price}} ({{time}} UTC, 4h)",
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
  faq: esFaq,
  attachment: {
    alt: "{{symbol}}: cierres recientes y el pronóstico a {{horizon}}: mediana e intervalos del 80 % y el 95 %",
    failed: "(Esta vez no se ha podido dibujar el gráfico.)",
  },
  accuracy: {
    title: "Historial",
    label: "{{symbol}} {{horizon}}",
    allSymbols: "Todas las monedas",
    allHorizons: "todos los horizontes",
    notAvailable: "n/d",
    mixed:
      "Aquí se mezclan errores de varias monedas, así que domina la más cara: indica una moneda para obtener una cifra justa.",
    footer:
      "Cada pronóstico servido se evalúa cuando cierra su vela objetivo. Una habilidad por encima del 0 % supera a «sin cambios».",
  },
  retrain: {
    startingOne: "Reentrenando el modelo de {{timeframe}}; tardará unos minutos.",
    startingAll: "Reentrenando los modelos de {{timeframes}}; tardará unos minutos.",
    progress: "Reentrenamiento: {{status}}.",
    status: "{{phase}} el modelo de {{timeframe}}, {{percent}} hecho{{epoch}}",
    epoch: " (época {{epoch}}/{{epochs}}, pérdida {{loss}}{{val}}, quedan {{eta}})",
    val: ", validación {{val}}",
    starting: "preparando",
    training: "entrenando",
    scoring: "evaluando",
    promoted_one: "Reentrenamiento terminado: {{count}} modelo nuevo en servicio",
    promoted_other: "Reentrenamiento terminado: {{count}} modelos nuevos en servicio",
    kept: "Reentrenamiento terminado: siguen los modelos en servicio",
    footer:
      "Un aspirante sustituye al modelo en servicio solo si su pérdida pinball en los datos reservados más recientes no es peor.",
    failed: "{{timeframe}}: el reentrenamiento falló; {{champion}} sigue en servicio ({{reason}})",
    promote: "{{timeframe}}: entra en servicio {{id}}: {{reason}}{{numbers}}",
    keep: "{{timeframe}}: se mantiene {{id}}: {{reason}}{{numbers}}",
    shippedModel: "el modelo incluido",
    numbers:
      " [pérdida pinball {{pinball}} frente a {{championPinball}}; MAE de la mediana {{mae}} frente a {{championMae}}, " +
      "persistencia {{naive}}; {{origins}} pronósticos reservados desde el {{start}}]",
  },
  fleet: {
    queues:
      "Cola de pronósticos: {{forecastWaiting}} en espera, {{forecastActive}} en curso. " +
      "Cola de entrenamiento: {{trainingWaiting}} en espera, {{trainingActive}} en curso.",
    noWorker:
      "No hay ningún worker de pronósticos en marcha (ninguno visto en el último minuto): `coincast worker` inicia uno.",
    workersSeen: "Workers vistos en el último minuto: {{count}}.",
    worker:
      "  {{id}}: {{backend}}, {{concurrency}} a la vez, {{jobs}} trabajos hechos, visto por última vez hace {{ago}} s",
    splitStores:
      "Las réplicas del bot escriben en {{count}} almacenes de suscripciones distintos (un DATA_DIR cada una, " +
      "sin DATABASE_URL): /subscribe, /unsubscribe y /alert solo llegan a la réplica que los recibió, y " +
      "/accuracy difiere entre réplicas. Configura DATABASE_URL (la misma en cada bot) o da a todos los bots " +
      "un DATA_DIR compartido.",
  },
  channel: {
    refusedPosts: "el canal rechazó las publicaciones",
    refusedPostsSaying: "el canal rechazó las publicaciones: «{{reason}}»",
    ownReasons: { "not-sendable": "el bot no puede enviar mensajes en este canal" },
    pausedSince: "en pausa desde el {{time}} UTC: {{reason}}",
  },
  subscriptions: {
    describe: "{{symbols}} a {{horizon}}, cada día a las {{time}} ({{timeZone}})",
    nextPost: "próxima publicación: {{time}} ({{timeZone}})",
    line: "{{subscription}}; {{state}}.",
    lineOf: "{{channel}}: {{subscription}}; {{state}}.",
    subscribed: "Suscrito: un pronóstico aquí cada día",
    replaces: "Sustituye cualquier suscripción anterior de este canal. /unsubscribe la detiene.",
    unsubscribed: "Suscripción cancelada: no habrá más publicaciones diarias aquí.",
    nothingToStop: "No hay nada que detener: este canal no tiene publicación diaria. /subscribe crea una.",
    noneAnywhere: "Ningún canal tiene publicación diaria.",
    noneHere: "Este canal no tiene publicación diaria. /subscribe crea una.",
    titleAll_one: "Publicaciones diarias: {{count}} canal",
    titleAll_other: "Publicaciones diarias: {{count}} canales",
    titleHere: "Publicación diaria de este canal",
  },
  post: {
    title: "Pronóstico diario a {{horizon}} vista ({{day}})",
    summary: "{{symbol}}: mediana {{median}} ({{change}}), 80 % de {{low}} a {{high}}, P(subida) {{pUp}}",
    latest:
      "{{symbol}}: último cierre diario {{close}} ({{time}} UTC), precio más reciente {{price}} ({{latestTime}} UTC, velas de 4h).",
    scoredInside:
      "ayer: {{symbol}} {{horizon}}, mediana {{median}}, real {{actual}}, dentro del intervalo del 80 %",
    scoredOutside:
      "ayer: {{symbol}} {{horizon}}, mediana {{median}}, real {{actual}}, fuera del intervalo del 80 %",
    noneScored: "ayer: ningún pronóstico de estas monedas venció ni se evaluó.",
    noForecast: "{{symbol}}: esta vez no hay pronóstico.",
    noForecastWhy: "{{symbol}}: esta vez no hay pronóstico ({{why}}).",
    stale: "{{symbol}}: {{notice}}",
    footer: "Modelo {{version}}. {{notAdvice}} /unsubscribe detiene estas publicaciones.",
  },
  alert: {
    describe: "{{symbol}}: {{rule}}",
    priceAbove: "precio por encima de {{level}}",
    priceBelow: "precio por debajo de {{level}}",
    pupAbove: "P(subida) por encima del {{share}}",
    pupBelow: "P(subida) por debajo del {{share}}",
    band: "cierre fuera del intervalo del 80 %",
    volatility: "régimen de volatilidad pronosticada (por encima de su percentil 90, o de vuelta bajo el 80)",
    rearmPriceAbove: "cuando un cierre de 4h vuelva a {{level}} o menos",
    rearmPriceBelow: "cuando un cierre de 4h vuelva a {{level}} o más",
    rearmPupAbove: "cuando P(subida) vuelva al {{share}} o menos",
    rearmPupBelow: "cuando P(subida) vuelva al {{share}} o más",
    rearmBand:
      "cuando un cierre vuelva a quedar bien dentro de su intervalo (a una décima de su anchura de los bordes)",
    rearmVolatility:
      "cuando la volatilidad pronosticada vuelva a bajar de su percentil 80 (eso también avisa)",
    lastFired: "; último aviso el {{time}} UTC",
    regimeNormal: "régimen normal, avisa cuando pase a alto",
    regimeHigh: "régimen alto, avisa cuando vuelva a la normalidad",
    armed: "activa",
    waiting: "a la espera de reactivarse {{rearm}}",
    removed: "Alerta n.º {{id}} borrada.",
    working: "Calculando la volatilidad pronosticada del último año (unos segundos, la primera vez)…",
    lastClose: "Último cierre de 4h: {{price}} ({{time}} UTC).",
    pUpNow: "P(subida) para las próximas 4h: {{share}}.",
    bandNow: "El intervalo del 80 % para el próximo cierre: de {{low}} a {{high}}.",
    volatilityNow:
      "Volatilidad pronosticada {{value}} cada 4h; en el último año ({{days}} días) su percentil 80 es {{p80}} y su percentil 90, {{p90}}.",
    now: "Ahora: {{state}}.",
    firesOnce: "Avisa una vez en el próximo cruce y luego solo tras reactivarse {{rearm}}.",
    holdsAlready: "La condición ya se cumple: avisará en el próximo cruce, tras reactivarse {{rearm}}.",
    set: "Alerta n.º {{id}} creada: {{alert}}",
    setFooter:
      "Se comprueba tras cada cierre de 4h. /alerts las muestra; /alert remove {{id}} la borra. {{notAdvice}}",
    none: "Este canal no tiene alertas. /alert price BTC above 100000 crea una; /help explica los tipos.",
    listTitle: "Alertas de este canal: {{count}} de un máximo de {{limit}}",
    listLine: "n.º {{id}} {{alert}}: {{state}}.",
    listFooter: "Se comprueban tras cada cierre de 4h. /alert remove ID borra una.",
    postTitle: "Alerta n.º {{id}}: {{alert}}",
    next4h: "Próximas 4h: {{summary}}.",
    postFooter: "Modelo {{version}}. /alert remove {{id}} detiene esta alerta. {{notAdvice}}",
    firedPriceAbove: "{{symbol}} cerró por encima de {{level}}: {{close}} en el cierre de 4h.",
    firedPriceBelow: "{{symbol}} cerró por debajo de {{level}}: {{close}} en el cierre de 4h.",
    firedPupAbove: "La P(subida) de {{symbol}} para las próximas 4h superó el {{level}}: {{share}}.",
    firedPupBelow: "La P(subida) de {{symbol}} para las próximas 4h bajó del {{level}}: {{share}}.",
    firedBandAbove:
      "{{symbol}} cerró por encima del intervalo del 80 % pronosticado para ese cierre: {{close}}, frente a {{low}}–{{high}}.",
    firedBandBelow:
      "{{symbol}} cerró por debajo del intervalo del 80 % pronosticado para ese cierre: {{close}}, frente a {{low}}–{{high}}.",
    firedVolatilityHigh:
      "La volatilidad pronosticada de {{symbol}} es alta: {{value}} cada 4h, por encima de su percentil 90 del último año ({{p90}}, {{days}} días).",
    firedVolatilityNormal:
      "La volatilidad pronosticada de {{symbol}} ha vuelto a la normalidad: {{value}} cada 4h, por debajo de su percentil 80 del último año ({{p80}}).",
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
        "Modelos en servicio: modelo, entrenado hasta, habilidad del rango y banda del 80 % fuera de muestra",
      options: {},
    },
    faq: {
      name: "preguntas",
      description:
        "Respuestas claras: cómo funciona el modelo, datos, horizontes, precisión, reentrenamiento, riesgos",
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
        level: "price: un precio, p. ej. 100000; pup: una probabilidad, p. ej. 0,6",
      },
    },
    alerts: { name: "alertas", description: "Las alertas de este canal, con sus ID y estados", options: {} },
  },
  errors: esRefusals,
  retrainReasons: {
    failed: "el entrenamiento falló (ver el registro)",
    "window-too-short":
      "una ventana reservada de {{holdoutDays}} días admite como mucho {{capacity}} pronósticos con resultado conocido: hay que alargarla ({{have}} de los {{needed}} pronósticos reservados necesarios)",
    "too-few-origins":
      "solo {{have}} de los {{needed}} pronósticos reservados necesarios (huecos o series de distinta longitud)",
    "needs-days_one":
      "el modelo en servicio se entrenó hasta el {{trainedUntil}}: para una comparación justa falta {{count}} día más de datos nuevos ({{have}} de los {{needed}} pronósticos reservados necesarios)",
    "needs-days_other":
      "el modelo en servicio se entrenó hasta el {{trainedUntil}}: para una comparación justa faltan {{count}} días más de datos nuevos ({{have}} de los {{needed}} pronósticos reservados necesarios)",
    "not-worse": "no es peor",
    worse: "es peor",
    narrower:
      "el modelo en servicio se entrenó con {{trainedOn}} monedas y aquí solo está el histórico de {{here}}: un aspirante entrenado con menos no sería el mismo modelo; reentrénalo con `coincast train --global` (README, Global network)",
    "champion-changed":
      "el modelo en servicio cambió mientras se evaluaba este aspirante (ahora sirve {{serving}}): no se comparó con él, así que no entra en servicio",
    identical: "los mismos pronósticos, se mantiene el modelo en servicio",
  },
};
