import type { Catalogue } from "../catalogue.js";

/** Portuguese as written in Brazil (pt-BR; a plain "pt" falls back to it). */
export const ptBR: Catalogue = {
  chat: {
    apology: "Desculpe, algo deu errado (ID do erro {{id}}).",
    slowDown: "Calma aí: tente de novo em {{seconds}} s.",
    unknownCommand: "Comando desconhecido{{echo}}. Experimente /help.",
    adminsOnly: "Desculpe, /{{command}} é só para administradores.",
    adminsInGroups:
      "Desculpe, em grupos /{{command}} é só para administradores; numa conversa privada comigo, qualquer pessoa pode usar.",
    didYouMean: "Você quis dizer {{suggestions}}?",
    needsOption: "Falta o parâmetro “{{option}}” em /{{command}}. Uso: {{usage}}",
    tooLong:
      "O parâmetro “{{option}}” está longo demais ({{length}} caracteres; no máximo {{max}}). Uso: {{usage}}",
    notAChoice: "{{what}} não é um valor válido para “{{option}}”. Escolha um destes: {{choices}}.",
    thatOption: "Esse valor",
    noSuchOption: "/{{command}} não tem a opção “{{option}}”. Uso: {{usage}}",
    takesNothing: "/{{command}} não aceita nada depois do nome. Uso: {{usage}}",
    takesWords_one: "/{{command}} aceita no máximo {{count}} palavra. Uso: {{usage}}",
    takesWords_other: "/{{command}} aceita no máximo {{count}} palavras. Uso: {{usage}}",
    notACommand: "Os comandos são assim: /forecast BTC 1d; o /help mostra todos.",
  },
  help: {
    title: "Coincast: previsões de cripto sem enrolação",
    admins: "só administradores",
    adminsInGroups: "administradores em grupos; qualquer pessoa numa conversa privada",
    footer:
      "Moedas: {{symbols}}; com a corretora on-line, qualquer outro par à vista listado nela (baixado no primeiro uso). " +
      "Horizontes: {{horizons}}. <obrigatório> [opcional]. Não é recomendação de investimento.",
  },
  forecast: {
    title: "Previsão de {{symbol}} para daqui a {{horizon}}",
    lastPrice: "Último preço",
    at: "{{price}} ({{time}} UTC)",
    median: "Mediana",
    medianValue: "{{price}} ({{change}}) até {{time}} UTC",
    interval80: "Intervalo de 80%",
    range: "{{low}} a {{high}}",
    pUp: "P(alta)",
    volatility: "Volatilidade esperada",
    dataAsOf: "Dados de {{time}} UTC ({{source}}).",
    live: "ao vivo da corretora",
    shipped: "histórico incluído no bot",
    stale:
      "DESATUALIZADO: o candle mais recente fechou em {{time}} UTC; ainda não deu para baixar os mais novos, então estamos usando os últimos salvos.",
    model: "Modelo {{version}}.",
    notAdvice:
      "Não é recomendação de investimento: uma previsão é uma faixa de resultados possíveis, não uma promessa.",
    fetching: "Baixando o histórico de {{symbol}} da corretora (primeira consulta por aqui)…",
  },
  track: {
    none: "{{label}}: ainda não há previsões avaliadas ({{pending}} aguardando o candle-alvo fechar).",
    scored: "{{label}}: {{count}} previsões avaliadas desde {{since}}, {{pending}} pendentes.",
    errors:
      "Erro mediano {{mae}} contra {{naive}} do “sem mudança”: {{verdict}}; direção certa {{hits}}; " +
      "dentro do intervalo de 80% {{in80}}, do de 95% {{in95}}.",
    beats: "supera o “sem mudança” em {{skill}}",
    doesNotBeat: "não supera o “sem mudança” (habilidade {{skill}})",
    label: "Histórico {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · previsão para {{horizon}}",
    asOf: "em {{time}} UTC",
    subtitle: "candles de {{timeframe}}, {{source}}",
    live: "dados ao vivo",
    shipped: "dados incluídos",
    median: "mediana {{price}} ({{change}})",
    band: "{{level}} {{low}} – {{high}}",
    pUp: "P(alta) {{share}}",
    footer: "modelo {{version}} · não é recomendação de investimento",
    stale: "DADOS DESATUALIZADOS",
    thousands: " mil",
    millions: " mi",
  },
  faq: {
    englishOnly: "Por enquanto, as perguntas frequentes estão só em inglês.",
  },
  commands: {
    forecast: {
      name: "previsao",
      description:
        "Onde uma moeda pode estar num horizonte: mediana, intervalo de 80%, P(alta) e histórico do modelo",
      options: { symbol: "Uma moeda, ex.: BTC ou ETH/USDT", horizon: "Para quando (padrão 1d)" },
    },
    accuracy: {
      name: "precisao",
      description: "Como as previsões dadas aqui se saíram contra o “sem mudança”",
      options: { symbol: "Uma moeda, ex.: BTC (padrão: todas)", horizon: "ex.: 1d (padrão: todos)" },
    },
    model: {
      name: "modelo",
      description: "Os modelos em uso, em resumo: versão, dados de treino, veredito fora da amostra",
      options: {},
    },
    faq: {
      name: "perguntas",
      description:
        "Respostas diretas: como o modelo funciona, dados, horizontes, precisão, riscos (em inglês)",
      options: { topic: "Sobre o quê (padrão: a lista de temas)" },
    },
    help: { name: "ajuda", description: "O que o Coincast sabe fazer e como pedir", options: {} },
    retrain: {
      name: "retreinar",
      description: "Treina um desafiante com os dados mais recentes; ele só entra se não for pior",
      options: { timeframe: "Qual modelo (padrão: os dois)" },
    },
    subscribe: {
      name: "assinar",
      description: "Posta aqui uma previsão todo dia num horário local; substitui a assinatura deste canal",
      options: {
        symbols: "Moedas separadas por vírgula, ex.: btc,eth (padrão “all”)",
        horizon: "Para quando (padrão 1d)",
        time: "Horário local, formato 24 h HH:MM (padrão 08:00)",
        timezone: "Fuso horário IANA, ex.: America/Sao_Paulo (padrão UTC)",
      },
    },
    unsubscribe: {
      name: "cancelar_assinatura",
      description: "Para de postar a previsão diária neste canal",
      options: {},
    },
    subscriptions: {
      name: "assinaturas",
      description: "A previsão diária deste canal; para um administrador em conversa privada, as de todos",
      options: {},
    },
    alert: {
      name: "alerta",
      description:
        "Avisa aqui quando uma moeda cruza um preço, sai da faixa de 80%, fica volátil ou a P(alta) vira",
      options: {
        kind: "price, band, volatility ou pup; remove apaga um",
        symbol: "Uma moeda, ex.: BTC (no remove: o ID do alerta)",
        direction: "Para price e pup: above (acima) ou below (abaixo)",
        level: "price: um preço, ex.: 100000; pup: uma probabilidade, ex.: 0.6",
      },
    },
    alerts: { name: "alertas", description: "Os alertas deste canal, com IDs e situação", options: {} },
  },
  errors: {
    "alert-exists": "Já existe um alerta igual neste canal.",
    "alert-limit": "Este canal já chegou ao limite de alertas; apague um com /alert remove.",
    "backfill-failed": "Não deu para completar o histórico pela corretora. Tente de novo mais tarde.",
    "bad-candle-file": "Um arquivo de candles não está no formato esperado.",
    "bad-date": "Não entendi essa data; escreva como AAAA-MM-DD.",
    "bad-date-range": "Esse intervalo de datas não é válido: o início precisa vir antes do fim.",
    "bad-number": "Isso não é um número válido.",
    "bad-option": "Esse valor não vale para esta opção.",
    "bad-time": "Não entendi esse horário; use o formato 24 h, HH:MM, ex.: 08:00.",
    busy: "Estou com muitos pedidos agora; tente de novo em alguns segundos.",
    "exchange-unavailable": "A corretora não está respondendo agora; tente de novo em alguns minutos.",
    "history-too-short": "Ainda não há histórico suficiente dessa moeda para uma previsão.",
    "input-too-long": "Isso é longo demais para um símbolo.",
    "missing-option": "Falta um parâmetro obrigatório.",
    "missing-symbol": "Diga uma moeda, por exemplo BTC ou BTC/USDT.",
    "no-candle-files": "Nenhum arquivo de candles encontrado.",
    "no-candles": "Não há candles dessa moeda nesse período.",
    "no-earlier-version": "Não há versão anterior do modelo para voltar.",
    "no-model": "Ainda não há modelo treinado para esse horizonte.",
    "no-worker": "Nenhum worker de previsão disponível agora; tente de novo daqui a pouco.",
    "queue-unreachable":
      "A fila de previsões (Redis) está inacessível; o Coincast está tentando reconectar. Tente de novo daqui a um minuto.",
    "not-available": "Esse recurso não está disponível neste bot.",
    "on-demand-off": "Só faço previsões das moedas configuradas; a busca sob demanda está desligada.",
    "platform-refused": "A plataforma de chat recusou o pedido.",
    "retrain-running": "Já há um retreino em andamento; espere ele terminar.",
    "unknown-alert": "Não há alerta com esse ID neste canal; o /alerts mostra todos.",
    "unknown-horizon": "Horizonte desconhecido. Horizontes: {{horizons}}.",
    "unknown-model": "Não conheço esse modelo.",
    "unknown-symbol": "Não conheço esse símbolo.",
    "unknown-time-zone": "Não conheço esse fuso horário; use um nome IANA como America/Sao_Paulo.",
    "unknown-timeframe": "Período desconhecido; use 4h ou 1d.",
    "unknown-version": "Essa versão do modelo não existe.",
    "unreadable-history": "Não deu para ler o histórico salvo.",
    "worker-timeout": "A previsão demorou demais; tente de novo.",
  },
};
