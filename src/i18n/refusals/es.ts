import type { Refusals } from "../catalogue.js";

/** Spanish refusals (tú), each naming what English names: the input, the choices, the symbol, the count. */
export const esRefusals: Refusals = {
  "alert-exists": "Ya hay una alerta igual en este canal: la n.º {{id}}.",
  "alert-limit":
    "Este canal ya tiene {{limit}} alertas, el máximo; /alerts las muestra y /alert remove ID borra una.",
  "backfill-failed":
    "No pude descargar el histórico de {{symbol}} desde {{exchange}} ({{reason}}). No se ha guardado nada; vuelve a intentarlo en un minuto.",
  "backfill-failed_rateLimited":
    "{{exchange}} nos pidió esperar hasta las {{until}} antes de volver a consultarle, así que aún no puedo descargar el histórico de {{symbol}}. No se ha guardado nada; vuelve a intentarlo después de las {{until}}.",
  "backfill-failed_coolingDown":
    "{{exchange}} no respondió hace un momento, así que no le pediré el histórico de {{symbol}} antes de las {{until}}. No se ha guardado nada; vuelve a intentarlo entonces.",
  "bad-candle-file": "Un archivo de velas no tiene el formato esperado.",
  "bad-date": "No entiendo esa fecha; escríbela como AAAA-MM-DD.",
  "bad-date-range": "Ese rango de fechas no es válido: el inicio debe ser anterior al final.",
  "bad-number": "Eso no es un número válido.",
  "bad-number_level":
    "Eso no es un número que pueda usar como umbral. Escríbelo así: {{example}} o {{otherExample}}.",
  "bad-number_level_named":
    "«{{input}}» no es un número que pueda usar como umbral. Escríbelo así: {{example}} o {{otherExample}}.",
  "bad-number_probability":
    "P(subida) es una probabilidad: indica un umbral entre 0 y 1 (sin incluirlos), como {{example}} o {{otherExample}}.",
  "bad-number_percent":
    "Un umbral de precio es un precio, no un porcentaje; escríbelo así: {{example}} o {{otherExample}}.",
  "bad-number_positive":
    "Un umbral de precio tiene que ser mayor que cero, como {{example}} o {{otherExample}}.",
  "bad-option": "Ese valor no es válido para esta opción.",
  "bad-option_coinOnly": "Una alerta de tipo {{kind}} solo admite una moneda, p. ej. /alert {{kind}} BTC.",
  "bad-option_oneId":
    "/alert remove borra una alerta cada vez; para borrar {{ids}}, envía un comando por cada una: /alert remove {{first}}, luego /alert remove {{second}}.",
  "bad-option_removeOnly": "/alert remove solo admite el ID de la alerta, p. ej. /alert remove 3.",
  "bad-time": "No entiendo esa hora; escríbela en formato 24 h, HH:MM, p. ej. 08:00.",
  "bad-time_named":
    "«{{input}}» no es una hora del día; escríbela en formato 24 h, HH:MM, p. ej. 08:00 o 18:30.",
  busy: "Ahora mismo estoy ocupado con muchas peticiones ({{queued}} pronósticos en cola); vuelve a intentarlo en unos segundos.",
  "exchange-unavailable":
    "Eso no está entre los pares que guardo, y el exchange donde podría buscarlo no responde ahora mismo; vuelve a intentarlo en unos minutos. {{hint}}Mientras tanto solo puedo servir estos pares (entre paréntesis, el último día de su histórico incluido): {{servable}}.",
  "exchange-unavailable_named":
    "{{asked}} no está entre los pares que guardo, y el exchange donde podría buscarlo no responde ahora mismo; vuelve a intentarlo en unos minutos. {{hint}}Mientras tanto solo puedo servir estos pares (entre paréntesis, el último día de su histórico incluido): {{servable}}.",
  "history-too-short": "No hay histórico suficiente de esa moneda para pronosticarla.",
  "history-too-short_candles":
    "{{symbol}} solo tiene {{candles}} velas de {{timeframe}} de histórico; el modelo de {{timeframe}} necesita {{needed}} (su ventana, el calentamiento de los indicadores y el histórico con el que se ajusta su escala HAR).",
  "history-too-short_candles_daily":
    "{{symbol}} solo tiene {{candles}} velas de {{timeframe}} de histórico; el modelo de {{timeframe}} necesita {{needed}} (su ventana, el calentamiento de los indicadores y el histórico con el que se ajusta su escala HAR). Prueba un horizonte más corto, como 4h.",
  "history-too-short_volatility":
    "{{symbol}} tiene menos de {{days}} días de histórico de pronósticos, muy poco para el percentil 90 de su volatilidad. Prueba una alerta de precio o de banda (price o band).",
  "input-too-long": "Eso es demasiado largo para un símbolo.",
  "input-too-long_listed": "Eso es demasiado largo para un símbolo. Símbolos que conozco: {{symbols}}.",
  "missing-option": "Falta un parámetro obligatorio.",
  "missing-option_level": "Una alerta de tipo {{kind}} necesita un umbral, p. ej. {{example}}.",
  "missing-option_direction":
    "Una alerta de tipo {{kind}} necesita above (por encima) o below (por debajo), p. ej. {{example}}.",
  "missing-symbol": "Indica una moneda, por ejemplo BTC o BTC/USDT.",
  "missing-symbol_alert": "¿Qué moneda? P. ej. {{example}}.",
  "no-candle-files": "No se han encontrado archivos de velas.",
  "no-candles": "{{exchange}} todavía no tiene velas de {{timeframe}} de {{symbol}}.",
  "no-earlier-version": "No hay una versión anterior del modelo a la que volver.",
  "no-model": "Todavía no hay ningún modelo de {{timeframe}} entrenado; `coincast train` entrena uno.",
  "no-worker":
    "No hay ningún trabajador de pronósticos en marcha. Un administrador inicia uno con `coincast worker` (necesita la misma REDIS_URL).",
  "queue-unreachable":
    "No se puede conectar con la cola de pronósticos (Redis); Coincast está reintentando la conexión. Vuelve a intentarlo en un minuto.",
  "not-available": "Esa función no está disponible en este bot.",
  "on-demand-off":
    "{{symbol}} cotiza en el exchange, pero solo pronostico {{configured}}; la descarga bajo demanda está desactivada (MAX_SYMBOLS es 0).",
  "platform-refused": "La plataforma de chat ha rechazado la petición.",
  "platform-unreachable": "No se puede contactar con la plataforma de chat. Inténtalo más tarde.",
  "retrain-running":
    "Ya hay un reentrenamiento en marcha (el modelo de {{timeframe}}, al {{fraction, number(style: percent; maximumFractionDigits: 0)}}, iniciado el {{started}} UTC); espera a que termine.",
  "training-lost":
    "La cola perdió el entrenamiento cuando Redis se reinició (su tarea ya no existe); vuelve a lanzarlo.",
  "storage-full":
    "El almacenamiento está lleno; no se guardó nada. Vuelve a intentarlo cuando un administrador haya liberado espacio.",
  "unknown-alert": "Eso no es un ID de alerta; /alerts muestra las alertas de este canal con sus ID.",
  "unknown-alert_named":
    "«{{input}}» no es un ID de alerta; /alerts muestra las alertas de este canal con sus ID.",
  "unknown-alert_missing": "¿Qué alerta? /alert remove ID, con un ID de /alerts.",
  "unknown-alert_id":
    "Este canal no tiene ninguna alerta n.º {{id}}; /alerts muestra las alertas de este canal.",
  "unknown-horizon": "Horizonte desconocido. Horizontes: {{horizons}}.",
  "unknown-horizon_named": "Horizonte desconocido: «{{input}}». Horizontes: {{horizons}}.",
  "unknown-model": "No conozco ese modelo.",
  "unknown-symbol": "No conozco ese símbolo.",
  "unknown-symbol_named": "No conozco el símbolo «{{input}}».",
  "unknown-symbol_listed": "No conozco ese símbolo. Símbolos que conozco: {{symbols}}.",
  "unknown-symbol_named_listed": "No conozco el símbolo «{{input}}». Símbolos que conozco: {{symbols}}.",
  "unknown-time-zone": "No conozco esa zona horaria; usa un nombre IANA como Europe/Madrid.",
  "unknown-time-zone_named": "No conozco la zona horaria «{{input}}»; usa un nombre IANA como Europe/Madrid.",
  "unknown-timeframe": "Marco temporal desconocido; usa 4h o 1d.",
  "unknown-version": "No existe esa versión del modelo.",
  "unreadable-history": "No se ha podido leer el histórico guardado.",
  "worker-timeout":
    "Los trabajadores de pronósticos no respondieron en {{seconds}} s; vuelve a intentarlo en un momento.",
};
