import type { Catalogue } from "../catalogue.js";

/** /faq in Spanish (tú), in the catalogue's terms: «sin cambios», habilidad, pérdida pinball, datos reservados. */
export const esFaq: Catalogue["faq"] = {
  title: "Preguntas frecuentes",
  list: "Pregunta por uno de estos temas con /faq <tema>:",
  at: "{{value}} a {{horizon}}",
  horizonN: "horizonte {{n}}",
  topics: {
    model: "El modelo",
    data: "Datos y variables",
    horizons: "Horizontes y monedas",
    accuracy: "¿Qué precisión tiene?",
    retraining: "Reentrenamiento",
    risks: "Riesgos y límites",
  },
  data: {
    candles:
      "Coincast incluye las velas de 4 horas del mercado spot de Binance desde 2017; tras cada cierre de 4 horas " +
      "se descargan del exchange las nuevas velas cerradas. Las velas diarias son las seis velas de 4 horas de un día UTC.",
    gaps: "Los huecos (mantenimiento del exchange) se rellenan con el cierre anterior y se marcan; nunca se inventan como operaciones.",
    features:
      "Variables: rendimiento, rango entre máximo y mínimo, precio frente a sus medias de 10, 20 y 50 velas, " +
      "RSI 14, MACD, anchura de Bollinger, ATR, volatilidad realizada y volumen, y la varianza realizada de los " +
      "últimos 1, 7 y 30 días a partir de los rendimientos de 4 horas, la volatilidad basada en rangos " +
      "(Parkinson, Garman-Klass) y el tamaño de las caídas recientes. Cada una usa solo el pasado y se escala " +
      "solo con cifras de los datos de entrenamiento.",
    offline:
      "Cuando no se puede acceder al exchange, los pronósticos usan las últimas velas guardadas, dicen " +
      "«DESACTUALIZADO» e indican la fecha de sus datos.",
  },
  horizons: {
    list: "Horizontes: {{horizons}}. Un modelo diario responde a 1d, 3d y 7d; uno de 4 horas, a 4h y 12h.",
    counted:
      "Un horizonte se cuenta en velas cerradas: un pronóstico a 1d es para el cierre del día siguiente a la " +
      "última vela diaria cerrada (horas en UTC).",
    coins:
      "Monedas servidas aquí: {{symbols}}; con el exchange en línea, cualquier otro par spot que liste (se " +
      "descarga la primera vez que se pide y, pasado MAX_SYMBOLS, se descarta el que lleva más tiempo sin usarse); " +
      "sin conexión, también los pares cuyo historial se incluye como corpus de entrenamiento, hasta su último " +
      "día. Escríbelas como quieras: btc, BTCUSDT, btc/usdt.",
  },
  retraining: {
    when:
      "Los mercados cambian, así que cada semana (por defecto, los domingos a las 03:00 UTC) o cuando un " +
      "administrador ejecuta /retrain se ajusta un modelo nuevo (el aspirante): del mismo tipo y con la misma " +
      "configuración que el modelo en servicio (un modelo estadístico se reajusta en segundos; una red, en " +
      "minutos), con las velas anteriores a una ventana reservada.",
    window:
      "Esa ventana son los datos más recientes (60 días por defecto), que el modelo en servicio (el campeón) " +
      "nunca ha visto. Ambos modelos pronostican cada punto reservado; el aspirante solo lo sustituye si su " +
      "pérdida por cuantiles (pérdida pinball) no es peor. Con menos de {{minOrigins}} pronósticos reservados no " +
      "se hace ninguna comparación y el campeón se queda. El precio de esta regla: un modelo que entra en " +
      "servicio no ha visto los días más recientes, porque son con los que se le ha juzgado.",
    rollback: "Las versiones anteriores se conservan, así que un administrador puede volver a una de ellas.",
  },
  risks: {
    advice:
      "No es asesoramiento financiero. Las criptomonedas pueden moverse mucho más allá de cualquier intervalo: " +
      "por diseño, 1 de cada 5 resultados cae fuera del intervalo del 80 %, y los desplomes o las noticias no " +
      "están en las velas pasadas.",
    inputs:
      "El modelo solo ve el historial de precio y volumen de cada moneda: ni libros de órdenes, ni noticias, ni " +
      "datos on-chain.",
    median:
      "Su mediana no supera de forma fiable a «sin cambios» fuera de la muestra (/faq accuracy tiene las " +
      "cifras): lo que pronostica es el rango, no una señal para operar. Los datos pueden estar desactualizados " +
      "cuando el exchange no responde: cada pronóstico indica de cuándo son sus datos.",
  },
  model: {
    plain: "El modelo de {{timeframe}} es {{name}}: {{description}}, ajustado con {{coins}}.",
    coins_one: "{{count}} moneda",
    coins_other: "{{count}} monedas",
    anchored:
      "El modelo de {{timeframe}} es {{name}}: una {{description}} para {{trainedOn}}; solo lee entradas " +
      "sin símbolo (rendimientos, rangos, indicadores y volatilidad realizada de las velas recientes). Está " +
      "anclado en HAR-RV: parte del pronóstico de volatilidad de HAR-RV para la moneda, multiplicado por la " +
      "dispersión de los rendimientos pasados en unidades de ese pronóstico, y aprende una corrección de su " +
      "escala y su forma. {{seeds}}; la parte de su desviación respecto a HAR-RV que se sirve se eligió en " +
      "ventanas de calibración que el entrenamiento nunca leyó: {{shares}}.",
    trainedOn_one: "la única moneda con la que se entrenó",
    trainedOn_other: "las {{count}} monedas con las que se entrenó",
    seeds_one: "Sirve una sola red",
    seeds_other: "Se promedian {{count}} redes de semillas distintas",
    unavailable: "El modelo de {{timeframe}}: {{reason}}",
    quantiles:
      "Cada modelo da cinco cuantiles del rendimiento ({{levels}}), no un precio: {{pinned}}los intervalos " +
      "del 80 % y del 95 % son el tamaño probable del movimiento.",
    pinned: "la mediana es «sin cambios»; ",
    chosen:
      "Lo que está en servicio se eligió con una regla, fuera de la muestra: el CRPS más bajo (la puntuación de " +
      "todo el rango pronosticado) a un paso entre los modelos cuya mediana no es peor que «sin cambios», frente " +
      "a GARCH, EWMA, HAR-RV, sus promedios y las redes; una red entrenada con muchas monedas se juzga en todas " +
      "ellas (/faq accuracy tiene las cifras de las monedas servidas aquí; las fichas de los modelos y el " +
      "README, las de cada moneda).",
    behind:
      "Solo en {{coins}}, el rango de HAR-RV va por delante del del modelo de {{timeframe}} a {{horizon}} " +
      "({{har}} frente a {{model}}): la red está en servicio por su ventaja en todas las monedas con las que se " +
      "entrenó, que su ficha da con su significación.",
    network: "red {{architecture}}",
    single:
      "{{member}} (estadístico: mediana sin deriva, pronóstico de volatilidad × rendimientos estandarizados pasados)",
    average: "promedio de cuantiles con igual peso de {{members}} (estadístico, mediana sin deriva)",
  },
  accuracy: {
    span: " (walk-forward con orígenes del {{start}} al {{end}}, cada uno reajustado solo con el pasado)",
    pinned:
      "Con franqueza: aquí nadie puede pronosticar la dirección. Fuera de la muestra{{span}}, la mediana es " +
      "«sin cambios», así que su MASE es {{mase}} y P(subida) es del {{half}}.",
    coinToss:
      "Con franqueza: la dirección es casi como lanzar una moneda al aire. Fuera de la muestra{{span}}, el MASE " +
      "de las medianas frente a «sin cambios» en el peor par fue {{mases}}.",
    size: "Lo que sí puede pronosticar es el tamaño del movimiento:",
    none: "El modelo de {{timeframe}} ({{name}}): sin evaluación fuera de la muestra registrada.",
    figures:
      "El modelo de {{timeframe}} ({{name}}): su rango superó a «sin cambios» en {{skills}} (CRPS, " +
      "{{coins}} juntos){{har}}. Resultados dentro de su intervalo del 80 %: {{bands}}.",
    daily:
      "Ahí «sin cambios» conserva la dispersión de los rendimientos del año anterior a cada reajuste anual. " +
      "Frente a un «sin cambios» cuya dispersión se toma de nuevo cada día, la ventaja del rango es: " +
      "{{skills}}.",
    reused:
      "Estas no son las cifras de una prueba intacta: la misma ventana se puntuó para varias recetas de la red " +
      "antes de elegir la que está en servicio (README: Global network).",
    har: "; HAR-RV, el modelo estadístico con el que se le compara: {{skills}}",
    read: "Así que lee la mediana como «sin cambios» y el intervalo como el tamaño del movimiento probable.",
    more:
      "Cada pronóstico muestra el veredicto de su modelo para esa moneda y horizonte; /model tiene la tabla, y " +
      "/accuracy muestra cómo les ha ido desde entonces a los pronósticos servidos aquí, con el mismo listón de " +
      "«sin cambios».",
  },
};
