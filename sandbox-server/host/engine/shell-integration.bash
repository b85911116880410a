# Dockyard shell integration: after each command, report its command line,
# exit code and the working directory as OSC 633 sequences (the format VS Code
# uses). The server reads them into the session's command log and strips them
# from what the learner sees.
[[ $- == *i* ]] || return 0
[[ -n ${__dockyard_si:-} ]] && return 0
__dockyard_si=1

# Every command must reach history, or the log would miss repeated commands.
HISTCONTROL=
HISTIGNORE=

__dockyard_histnum() {
  local entry
  entry=$(HISTTIMEFORMAT= builtin history 1)
  [[ $entry =~ ^\ *([0-9]+) ]] && printf '%s' "${BASH_REMATCH[1]}"
}
__dockyard_last=$(__dockyard_histnum)

# VS Code's escaping: backslash, semicolon and control characters as \xHH.
__dockyard_escape() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      '\') out+='\\' ;;
      ';') out+='\x3b' ;;
      [[:cntrl:]]) printf -v c '\\x%02x' "'$c"; out+=$c ;;
      *) out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

__dockyard_prompt() {
  local code=$? entry num line
  entry=$(HISTTIMEFORMAT= builtin history 1)
  if [[ $entry =~ ^\ *([0-9]+)\*?\ \ (.*)$ ]]; then
    num=${BASH_REMATCH[1]} line=${BASH_REMATCH[2]}
    if [[ $num != "$__dockyard_last" ]]; then
      __dockyard_last=$num
      printf '\e]633;E;%s\a\e]633;D;%s\a' "$(__dockyard_escape "$line")" "$code"
    fi
  fi
  printf '\e]633;P;Cwd=%s\a' "$(__dockyard_escape "$PWD")"
  return $code
}

PROMPT_COMMAND="__dockyard_prompt${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
