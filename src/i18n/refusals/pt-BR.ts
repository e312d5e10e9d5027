import type { Refusals } from "../catalogue.js";

/** Brazilian Portuguese refusals (você), each naming what English names: the input, the choices, the count. */
export const ptBRRefusals: Refusals = {
  "alert-exists": "Já existe um alerta igual neste canal: o nº {{id}}.",
  "alert-limit":
    "Este canal já tem {{limit}} alertas, o máximo; o /alerts lista todos e /alert remove ID apaga um.",
  "backfill-failed":
    "Não consegui baixar o histórico de {{symbol}} da corretora {{exchange}} ({{reason}}). Nada foi salvo; tente de novo daqui a um minuto.",
  "backfill-failed_rateLimited":
    "A corretora {{exchange}} pediu que esperássemos até {{until}} antes de consultá-la de novo, então ainda não posso baixar o histórico de {{symbol}}. Nada foi salvo; tente de novo depois de {{until}}.",
  "backfill-failed_coolingDown":
    "A corretora {{exchange}} não respondeu há pouco, então só vou pedir o histórico de {{symbol}} de novo depois de {{until}}. Nada foi salvo; tente de novo nesse horário.",
  "bad-candle-file": "Um arquivo de candles não está no formato esperado.",
  "bad-date": "Não entendi essa data; escreva como AAAA-MM-DD.",
  "bad-date-range": "Esse intervalo de datas não é válido: o início precisa vir antes do fim.",
  "bad-number": "Isso não é um número válido.",
  "bad-number_level":
    "Isso não é um número que eu possa usar como nível. Escreva assim: {{example}} ou {{otherExample}}.",
  "bad-number_level_named":
    "“{{input}}” não é um número que eu possa usar como nível. Escreva assim: {{example}} ou {{otherExample}}.",
  "bad-number_probability":
    "P(alta) é uma probabilidade: informe um nível entre 0 e 1 (sem incluí-los), como {{example}} ou {{otherExample}}.",
  "bad-number_percent":
    "Um nível de preço é um preço, não uma porcentagem; escreva assim: {{example}} ou {{otherExample}}.",
  "bad-number_positive":
    "Um nível de preço precisa ser maior que zero, como {{example}} ou {{otherExample}}.",
  "bad-option": "Esse valor não vale para esta opção.",
  "bad-option_coinOnly": "Um alerta do tipo {{kind}} leva só uma moeda, ex.: /alert {{kind}} BTC.",
  "bad-option_oneId":
    "/alert remove apaga um alerta por vez; para apagar {{ids}}, mande um comando para cada um: /alert remove {{first}}, depois /alert remove {{second}}.",
  "bad-option_removeOnly": "/alert remove leva só o ID do alerta, ex.: /alert remove 3.",
  "bad-time": "Não entendi esse horário; use o formato 24 h, HH:MM, ex.: 08:00.",
  "bad-time_named": "“{{input}}” não é um horário; use o formato 24 h, HH:MM, ex.: 08:00 ou 18:30.",
  busy: "Estou com muitos pedidos agora ({{queued}} previsões na fila); tente de novo em alguns segundos.",
  "exchange-unavailable":
    "Isso não está entre os pares que mantenho, e a corretora onde eu poderia procurá-lo não está respondendo agora; tente de novo em alguns minutos. {{hint}}Enquanto isso só posso atender estes pares (entre parênteses, o último dia do histórico incluído): {{servable}}.",
  "exchange-unavailable_named":
    "{{asked}} não está entre os pares que mantenho, e a corretora onde eu poderia procurá-lo não está respondendo agora; tente de novo em alguns minutos. {{hint}}Enquanto isso só posso atender estes pares (entre parênteses, o último dia do histórico incluído): {{servable}}.",
  "history-too-short": "Ainda não há histórico suficiente dessa moeda para uma previsão.",
  "history-too-short_candles":
    "{{symbol}} tem só {{candles}} candles de {{timeframe}} de histórico; o modelo de {{timeframe}} precisa de {{needed}} (a janela dele, o aquecimento dos indicadores e o histórico em que a escala HAR dele é ajustada).",
  "history-too-short_candles_daily":
    "{{symbol}} tem só {{candles}} candles de {{timeframe}} de histórico; o modelo de {{timeframe}} precisa de {{needed}} (a janela dele, o aquecimento dos indicadores e o histórico em que a escala HAR dele é ajustada). Tente um horizonte menor, como 4h.",
  "history-too-short_volatility":
    "{{symbol}} tem menos de {{days}} dias de histórico de previsões, pouco demais para o percentil 90 da sua volatilidade. Tente um alerta de preço ou de banda (price ou band).",
  "input-too-long": "Isso é longo demais para um símbolo.",
  "input-too-long_listed": "Isso é longo demais para um símbolo. Símbolos que conheço: {{symbols}}.",
  "missing-option": "Falta um parâmetro obrigatório.",
  "missing-option_level": "Um alerta do tipo {{kind}} precisa de um nível, ex.: {{example}}.",
  "missing-option_direction":
    "Um alerta do tipo {{kind}} precisa de above (acima) ou below (abaixo), ex.: {{example}}.",
  "missing-symbol": "Diga uma moeda, por exemplo BTC ou BTC/USDT.",
  "missing-symbol_alert": "Qual moeda? Ex.: {{example}}.",
  "no-candle-files": "Nenhum arquivo de candles encontrado.",
  "no-candles": "A corretora {{exchange}} ainda não tem candles de {{timeframe}} de {{symbol}}.",
  "no-earlier-version": "Não há versão anterior do modelo para voltar.",
  "no-model": "Ainda não há modelo de {{timeframe}} treinado; o `coincast train` treina um.",
  "no-worker":
    "Nenhum worker de previsão está rodando. Um admin inicia um com `coincast worker` (ele precisa da mesma REDIS_URL).",
  "queue-unreachable":
    "A fila de previsões (Redis) está inacessível; o Coincast está tentando reconectar. Tente de novo daqui a um minuto.",
  "not-available": "Esse recurso não está disponível neste bot.",
  "on-demand-off":
    "{{symbol}} está listado na corretora, mas só faço previsões de {{configured}}; a busca sob demanda está desligada (MAX_SYMBOLS é 0).",
  "platform-refused": "A plataforma de chat recusou o pedido.",
  "platform-unreachable": "Não foi possível contatar a plataforma de chat. Tente novamente mais tarde.",
  "retrain-running":
    "Já há um retreino em andamento (o modelo de {{timeframe}}, {{fraction, number(style: percent; maximumFractionDigits: 0)}} concluído, iniciado em {{started}} UTC); espere ele terminar.",
  "training-lost": "A fila perdeu o treinamento quando o Redis reiniciou (a tarefa sumiu); rode-o de novo.",
  "storage-full":
    "O armazenamento está cheio; nada foi salvo. Tente de novo quando um administrador liberar espaço.",
  "unknown-alert": "Isso não é um ID de alerta; o /alerts mostra os alertas deste canal com os IDs.",
  "unknown-alert_named":
    "“{{input}}” não é um ID de alerta; o /alerts mostra os alertas deste canal com os IDs.",
  "unknown-alert_missing": "Qual alerta? /alert remove ID, com um ID do /alerts.",
  "unknown-alert_id": "Este canal não tem o alerta nº {{id}}; o /alerts mostra os alertas deste canal.",
  "unknown-horizon": "Horizonte desconhecido. Horizontes: {{horizons}}.",
  "unknown-horizon_named": "Horizonte desconhecido: “{{input}}”. Horizontes: {{horizons}}.",
  "unknown-model": "Não conheço esse modelo.",
  "unknown-symbol": "Não conheço esse símbolo.",
  "unknown-symbol_named": "Não conheço o símbolo “{{input}}”.",
  "unknown-symbol_listed": "Não conheço esse símbolo. Símbolos que conheço: {{symbols}}.",
  "unknown-symbol_named_listed": "Não conheço o símbolo “{{input}}”. Símbolos que conheço: {{symbols}}.",
  "unknown-time-zone": "Não conheço esse fuso horário; use um nome IANA como America/Sao_Paulo.",
  "unknown-time-zone_named":
    "Não conheço o fuso horário “{{input}}”; use um nome IANA como America/Sao_Paulo.",
  "unknown-timeframe": "Período desconhecido; use 4h ou 1d.",
  "unknown-version": "Essa versão do modelo não existe.",
  "unreadable-history": "Não deu para ler o histórico salvo.",
  "worker-timeout": "Os workers de previsão não responderam em {{seconds}} s; tente de novo daqui a pouco.",
};
